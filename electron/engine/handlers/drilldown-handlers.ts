import type { Handlers } from '../../../shared/contract/index.ts';
import { errorDetail } from '../litellm/error-detail.ts';
import { distinctValues } from '../litellm/values-query.ts';
import type { EngineContext } from './context.ts';

export function drilldownHandlers(
  ctx: EngineContext,
): Pick<Handlers, 'investigation.values' | 'investigation.errorDetail'> {
  return {
    'investigation.values': async ({ source, field, timeRange, search, limit }) => {
      const db = await ctx.connections.get(source);
      const values = await distinctValues(
        db,
        { field, timeRange, search, limit },
        { now: ctx.platform.now() },
      );
      return { values };
    },
    'investigation.errorDetail': async ({ source, requestId }) => {
      const db = await ctx.connections.get(source);
      return errorDetail(db, requestId);
    },
  };
}
