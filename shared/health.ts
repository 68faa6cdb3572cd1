import { z } from 'zod';
import { Dialect } from './source-mapping.ts';

/** How sure a finding is: `certain` is counted from rows, `likely` is inferred, `possible` a pattern to check by hand. */
export const Certainty = z.enum(['certain', 'likely', 'possible']);
export type Certainty = z.infer<typeof Certainty>;

export const FindingKind = z.enum([
  'reconciliation',
  'gap',
  'duplicate_ids',
  'zero_spend',
  'error_logs_off',
  'empty_error_info',
  'missing_index',
  'bloat',
  'json_weight',
  'retention',
  'not_visible',
]);
export type FindingKind = z.infer<typeof FindingKind>;

/** Where to look: a view of Logdesk (tab and filters), as the query string of a view link. */
export const FindingLink = z.object({
  tab: z.enum(['errors', 'traffic']),
  from: z.string(),
  to: z.string(),
  models: z.array(z.string()).default([]),
  keyAliases: z.array(z.string()).default([]),
});
export type FindingLink = z.infer<typeof FindingLink>;

export const Finding = z.object({
  kind: FindingKind,
  area: z.enum(['integrity', 'health']),
  /** What, in one line. */
  title: z.string(),
  /** How many (rows, requests, minutes, indexes…), with its unit. */
  count: z.number(),
  unit: z.string(),
  /** Why it matters and what explains it, where knowable. */
  explanation: z.string(),
  certainty: Certainty,
  /** How much it matters: `problem` (numbers are wrong or queries slow), `warning` (worth a look), `info` (explained, not a loss). */
  severity: z.enum(['problem', 'warning', 'info']),
  /** The stretch of time the finding touches (reports show it when it meets their range). */
  touches: z.object({ from: z.string(), to: z.string() }).nullable(),
  where: FindingLink.nullable(),
  /** A few concrete lines (a day/model/key difference, a gap's minutes, a DBA statement). */
  details: z.array(z.string()).default([]),
});
export type Finding = z.infer<typeof Finding>;

export const TableHealth = z.object({
  table: z.string(),
  rowsEstimate: z.number(),
  totalBytes: z.number(),
  tableBytes: z.number(),
  indexBytes: z.number(),
  toastBytes: z.number(),
  deadTuples: z.number().nullable(),
  liveTuples: z.number().nullable(),
  lastVacuum: z.string().nullable(),
  lastAnalyze: z.string().nullable(),
  partitioned: z.boolean(),
  partitions: z.number(),
});
export type TableHealth = z.infer<typeof TableHealth>;

export const JsonWeight = z.object({ column: z.string(), avgBytes: z.number(), shareOfRow: z.number() });
export type JsonWeight = z.infer<typeof JsonWeight>;

export const ReconciliationRow = z.object({
  table: z.string(),
  day: z.string(),
  model: z.string(),
  key: z.string(),
  spendLogs: z.object({ requests: z.number(), failed: z.number(), tokens: z.number(), spend: z.number() }),
  daily: z.object({ requests: z.number(), failed: z.number(), tokens: z.number(), spend: z.number() }),
  cause: z.enum(['retention', 'flush_limit', 'day_boundary', 'gap', 'missing_entry', 'unexplained']),
});
export type ReconciliationRow = z.infer<typeof ReconciliationRow>;

export const HealthReport = z.object({
  source: z.string(),
  engine: Dialect,
  range: z.object({ from: z.string(), to: z.string() }),
  checkedAt: z.string(),
  findings: z.array(Finding),
  tables: z.array(TableHealth),
  jsonColumns: z.array(JsonWeight),
  /** Rows per UTC day in the range, from the rows' own times, with the bytes they take at the sampled row size. */
  growth: z.array(z.object({ day: z.string(), rows: z.number(), bytesEstimate: z.number().nullable() })),
  oldestRow: z.string().nullable(),
  reconciliation: z.array(ReconciliationRow),
  /** What this role could not read, and the privilege that would let it. */
  notVisible: z.array(z.object({ what: z.string(), needs: z.string() })),
  notes: z.array(z.string()),
  timings: z.object({ totalMs: z.number() }),
});
export type HealthReport = z.infer<typeof HealthReport>;

/** Does a finding touch [from, to)? (Findings without a time, such as a missing index, do not.) */
export function touchesRange(f: Finding, range: { from: string; to: string }): boolean {
  if (!f.touches) return false;
  return (
    Date.parse(f.touches.from) < Date.parse(range.to) && Date.parse(f.touches.to) > Date.parse(range.from)
  );
}
