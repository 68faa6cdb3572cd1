import type { Handlers } from '../../../shared/contract/index.ts';
import { errorDetail, fieldValues } from '../sources/source-reads.ts';
import type { EngineContext } from './context.ts';

export function drilldownHandlers(
  ctx: EngineContext,
): Pick<Handlers, 'investigation.values' | 'investigation.errorDetail'> {
  return {
    'investigation.values': async ({ source, field, timeRange, search, limit }) => {
      const db = await ctx.connections.get(source);
      return { values: await fieldValues(db, { field, timeRange, search, limit }, { now: ctx.platform.now() }) };
    },
    'investigation.errorDetail': async ({ source, requestId }) => errorDetail(await ctx.connections.get(source), requestId),
  };
}
