import type { Filters } from '../../../shared/filters.ts';
import type { ResolvedQuery } from '../../../shared/investigation.ts';
import { bucketSecondsFor, resolveRange } from '../../../shared/time-range.ts';

/** The filters with their range made absolute at `now` (the engine's clock, passed in: no hidden clock). */
export function resolveQuery(filters: Filters, now: number): ResolvedQuery {
  const range = resolveRange(filters.timeRange, now);
  return {
    ...range,
    bucketSeconds: bucketSecondsFor(range),
    keyAliases: filters.keyAliases,
    models: filters.models,
    errorTypes: filters.errorTypes,
    statusCodes: filters.statusCodes,
    teamAliases: filters.teamAliases,
    categories: filters.categories,
    exclude: filters.exclude,
    sessionIds: filters.sessionIds,
    text: filters.text?.trim() ? filters.text.trim() : null,
    limit: filters.limit,
  };
}
