import type { Handlers } from '../../../shared/contract/index.ts';
import { errorDetail } from '../litellm/error-detail.ts';
import { distinctValues } from '../litellm/values-query.ts';
import { MappedDatabase } from '../sources/investigate-mapped.ts';
import { mappedErrorDetail, mappedValues } from '../sources/mapped-drilldown.ts';
import type { EngineContext } from './context.ts';

export function drilldownHandlers(
  ctx: EngineContext,
): Pick<Handlers, 'investigation.values' | 'investigation.errorDetail'> {
  return {
    'investigation.values': async ({ source, field, timeRange, search, limit }) => {
      const db = await ctx.connections.get(source);
      const q = { field, timeRange, search, limit };
      const now = { now: ctx.platform.now() };
      const values = db instanceof MappedDatabase ? await mappedValues(db, q, now) : await distinctValues(db, q, now);
      return { values };
    },
    'investigation.errorDetail': async ({ source, requestId }) => {
      const db = await ctx.connections.get(source);
      return db instanceof MappedDatabase ? mappedErrorDetail(db, requestId) : errorDetail(db, requestId);
    },
  };
}
