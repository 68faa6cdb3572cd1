import { Filters } from '../../shared/filters.ts';
import type { Dialect, SourceMapping } from '../../shared/source-mapping.ts';
import { RANGE } from './call-log-fixture.ts';

/**
 * What the mapped-source tests compare against, per engine (call-log-fixture.ts's tables in the three
 * engines of three-engines.ts): the range and each shape's failure test written by hand, not by our SQL.
 */
export const DIALECTS: Dialect[] = ['postgres', 'mysql', 'sqlite'];
export const rangeFilters = (extra: Partial<Filters> = {}) =>
  Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit: 1000, ...extra });

/** The range and the failure test of each shape, written by hand per engine. */
export const LO = {
  postgres: `'2026-11-20 08:00:00+00'`,
  mysql: `'2026-11-20 08:00:00'`,
  sqlite: `'2026-11-20 08:00:00'`,
};
export const HI = {
  postgres: `'2026-11-20 14:00:00+00'`,
  mysql: `'2026-11-20 14:00:00'`,
  sqlite: `'2026-11-20 14:00:00'`,
};
export const ORACLE_WHERE: Record<string, (d: Dialect) => string> = {
  llm_tracker_usage: (d) =>
    `created_at >= ${LO[d]} AND created_at < ${HI[d]} AND ${d === 'postgres' ? 'NOT success' : 'success = 0'}`,
  app_llmcalllog: (d) =>
    `request_timestamp >= ${LO[d]} AND request_timestamp < ${HI[d]} AND status <> 'success'`,
  request_logs: (d) =>
    `created_at >= ${LO[d]} AND created_at < ${HI[d]} AND status_code NOT BETWEEN 200 AND 399`,
};
export const MODEL_COLUMN: Record<string, string> = {
  llm_tracker_usage: 'model',
  app_llmcalllog: 'model_name',
  request_logs: 'model',
};

export const REQUEST_LOGS: SourceMapping = {
  table: 'request_logs',
  columns: {
    time: 'created_at',
    requestId: 'id',
    model: 'model',
    provider: 'provider',
    keyAlias: 'api_key_name',
    errorMessage: 'error',
    durationMs: 'latency_ms',
  },
  success: { kind: 'http', column: 'status_code', min: 200, max: 399 },
};
