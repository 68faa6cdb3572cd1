import type { Handlers } from '../../../shared/contract/index.ts';
import type { EngineContext } from './context.ts';

export function viewHandlers(ctx: EngineContext): Pick<Handlers, 'view.lastSource' | 'view.rememberSource'> {
  const store = ctx.stores.lastSource;
  return {
    'view.lastSource': async () => ({ source: await store.get(), timeRange: await store.timeRange() }),
    'view.rememberSource': async ({ source, timeRange }) => ({ remembered: await store.remember(source, timeRange) }),
  };
}
