import { z } from 'zod';
import { Exclusions } from './filters.ts';
import { FailureCategory } from './taxonomy.ts';

export const ErrorSource = z.enum(['spend_logs', 'error_logs']);
export type ErrorSource = z.infer<typeof ErrorSource>;

/** One failed request, merged from SpendLogs and ErrorLogs (DESIGN §2). */
export const ErrorRow = z.object({
  requestId: z.string(),
  time: z.string(),
  model: z.string().nullable(),
  deployment: z.string().nullable(),
  keyAlias: z.string().nullable(),
  teamAlias: z.string().nullable(),
  statusCode: z.string().nullable(),
  errorType: z.string(),
  errorMessage: z.string().nullable(),
  provider: z.string().nullable(),
  apiBase: z.string().nullable(),
  durationMs: z.number().nullable(),
  totalTokens: z.number().nullable(),
  sources: z.array(ErrorSource),
});
export type ErrorRow = z.infer<typeof ErrorRow>;

export const ModelCount = z.object({ model: z.string(), count: z.number() });
export const ErrorTypeCount = z.object({ errorType: z.string(), count: z.number() });
export const KeyAliasCount = z.object({ keyAlias: z.string().nullable(), count: z.number() });
export const ProviderCount = z.object({ provider: z.string().nullable(), count: z.number() });
export const TimelinePoint = z.object({ bucket: z.string(), count: z.number() });
export const TimelineByModelPoint = z.object({ bucket: z.string(), model: z.string(), count: z.number() });

/**
 * Failed attempts (DESIGN §2): LiteLLM_ErrorLogs rows, one per failed call to a deployment, rescued
 * or not. Counted beside the failed requests, never added to them.
 */
export const AttemptDeploymentCount = z.object({
  deployment: z.string().nullable(),
  apiBase: z.string().nullable(),
  model: z.string().nullable(),
  count: z.number(),
});
export const StatusCodeCount = z.object({ statusCode: z.string().nullable(), count: z.number() });
export const FailedAttempts = z.object({
  total: z.number(),
  byDeployment: z.array(AttemptDeploymentCount),
  byErrorType: z.array(ErrorTypeCount),
  byStatusCode: z.array(StatusCodeCount),
  /** The attempts are the error set (SpendLogs holds no failed request in the range). */
  standIn: z.boolean(),
  /** Why the count may not be what it seems (ErrorLogs missing, or likely switched off); null when it is. */
  note: z.string().nullable(),
});
export type FailedAttempts = z.infer<typeof FailedAttempts>;

export const ResolvedQuery = z.object({
  from: z.string(),
  to: z.string(),
  bucketSeconds: z.number(),
  keyAliases: z.array(z.string()),
  models: z.array(z.string()),
  errorTypes: z.array(z.string()),
  statusCodes: z.array(z.string()),
  teamAliases: z.array(z.string()),
  /** Causes kept (taxonomy categories); absent in results saved before the cause filter. */
  categories: z.array(FailureCategory).optional(),
  /** Absent means nothing excluded (results saved before exclusions, hand-built queries). */
  exclude: Exclusions.optional(),
  /** Absent in results saved before the session filter. */
  sessionIds: z.array(z.string()).optional(),
  text: z.string().nullable(),
  limit: z.number(),
});
export type ResolvedQuery = z.infer<typeof ResolvedQuery>;

/** How long the engine spent, measured inside it (ms); fields are added as parts are timed. */
export const QueryTimings = z.object({
  /** Schema check, totals, breakdowns, timeline and newest rows. */
  investigateMs: z.number().optional(),
  /** Patterns and spikes, all together. */
  insightsMs: z.number().optional(),
});
export type QueryTimings = z.infer<typeof QueryTimings>;

/** Values past a breakdown's top N: how many, and their errors summed (0 and 0 when the list is whole). */
export const Remainder = z.object({ values: z.number(), count: z.number() });
export type Remainder = z.infer<typeof Remainder>;

/** How many values each breakdown lists at most; the rest is one remainder, so no data makes them unbounded. */
export const BREAKDOWN_TOP = 50;

export const Investigation = z.object({
  query: ResolvedQuery,
  total: z.number(),
  byModel: z.array(ModelCount),
  byErrorType: z.array(ErrorTypeCount),
  byKeyAlias: z.array(KeyAliasCount),
  /** Failures per provider (a name through its lookup): mapped sources with a provider column only. */
  byProvider: z.array(ProviderCount).optional(),
  /** The "(other N values)" of each breakdown (top BREAKDOWN_TOP kept); absent in results saved before. */
  others: z
    .object({
      byModel: Remainder,
      byErrorType: Remainder,
      byKeyAlias: Remainder,
      byProvider: Remainder.optional(),
    })
    .optional(),
  timeline: z.array(TimelinePoint),
  /** Per bucket and model for the top models only; `timeline` holds every error. */
  timelineByModel: z.array(TimelineByModelPoint),
  errors: z.array(ErrorRow),
  /** Failed attempts (ErrorLogs) in range with the same filters; absent in results saved before issue 19 and for mapped sources. */
  failedAttempts: z.number().optional(),
  attempts: FailedAttempts.optional(),
  /** What the schema check found, so the UI and reports can say what was left out. */
  notes: z.array(z.string()),
  /** Absent in results saved before timings were measured. */
  timings: QueryTimings.optional(),
});
export type Investigation = z.infer<typeof Investigation>;
