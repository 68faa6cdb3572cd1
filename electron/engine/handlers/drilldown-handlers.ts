import type { Handlers } from '../../../shared/contract/index.ts';
import type { EngineContext } from './context.ts';

export function drilldownHandlers(
  ctx: EngineContext,
): Pick<Handlers, 'investigation.values' | 'investigation.errorDetail'> {
  return {
    'investigation.values': async ({ source, field, timeRange, search, limit }) => {
      const calls = await ctx.connections.get(source);
      return { values: await calls.values({ field, timeRange, search, limit }, { now: ctx.platform.now() }) };
    },
    'investigation.errorDetail': async ({ source, requestId }) =>
      (await ctx.connections.get(source)).errorDetail(requestId),
  };
}
