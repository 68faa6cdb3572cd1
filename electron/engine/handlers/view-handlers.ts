import type { Handlers } from '../../../shared/contract/index.ts';
import type { EngineContext } from './context.ts';

export function viewHandlers(ctx: EngineContext): Pick<Handlers, 'view.lastSource' | 'view.rememberSource'> {
  const store = ctx.stores.lastSource;
  return {
    // Nothing remembered yet (a first start): the demo, so the first screen already answers (issue 23).
    'view.lastSource': async () => {
      const source = await store.get();
      if (source) return { source, timeRange: await store.timeRange() };
      return {
        source: ctx.platform.firstSource === 'none' ? null : { kind: 'demo' as const },
        timeRange: null,
      };
    },
    'view.rememberSource': async ({ source, timeRange }) => ({
      remembered: await store.remember(source, timeRange),
    }),
  };
}
