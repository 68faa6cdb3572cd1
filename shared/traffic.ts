import { z } from 'zod';
import { Filters } from './filters.ts';
import { ErrorRow, ResolvedQuery } from './investigation.ts';

/** Series units a user may choose; without one the series follows the range's bucket rule (`bucketSecondsFor`). */
export const Granularity = z.enum(['minute', 'hour', 'day', 'week', 'month']);
export type Granularity = z.infer<typeof Granularity>;
/** A query's series: a chosen unit, or `auto` = the range's bucket rule (`query.bucketSeconds`), as on the Errors tab. */
export const SeriesGranularity = z.union([Granularity, z.literal('auto')]);
export type SeriesGranularity = z.infer<typeof SeriesGranularity>;

export const Outcome = z.enum(['all', 'success', 'failure']);
export type Outcome = z.infer<typeof Outcome>;

const value = z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters');
const values = z.array(value).max(200, 'at most 200 values').default([]);

/** The error filters of DESIGN §2 plus the dimensions only traffic has (DESIGN §8). */
export const TrafficFilters = Filters.extend({
  endUsers: values,
  /** A case-insensitive part of the model name (call-log tables). */
  modelContains: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  /** Matches the deployment model (`model` / `litellm_model_name`) or its `api_base`. */
  deployments: values,
  outcome: Outcome.default('all'),
});
export type TrafficFilters = z.infer<typeof TrafficFilters>;
export type TrafficFiltersInput = z.input<typeof TrafficFilters>;

/** Where the figures came from: every request row, or LiteLLM's per-day totals ("from daily totals"). */
export const TrafficBasis = z.enum(['spend_logs', 'daily']);
export type TrafficBasis = z.infer<typeof TrafficBasis>;

const nullableNumber = z.number().nullable();

export const TrafficSummary = z.object({
  requests: z.number(),
  failed: z.number(),
  errorRate: z.number(),
  p50Ms: nullableNumber,
  p95Ms: nullableNumber,
  p99Ms: nullableNumber,
  ttftP50Ms: nullableNumber,
  ttftP95Ms: nullableNumber,
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
  cachedTokens: z.number(),
  reasoningTokens: z.number(),
  spend: z.number(),
  /** True when part of `spend` was estimated from the price table (LiteLLM recorded 0 or nothing). */
  spendEstimated: z.boolean(),
  /** Failed attempts on deployments (LiteLLM_ErrorLogs) in the current range: beside `failed`, never in it. Absent where unknown. */
  failedAttempts: z.number().optional(),
  /** Calls not finished yet (a mapped status such as LLMCallLog's `pending`): neither failed nor succeeded. */
  inFlight: z.number().optional(),
  /**
   * Spend per currency, never added across currencies: `spend` (and every breakdown's) is in the
   * query's currency only. Set by sources whose prices carry a currency.
   */
  spendByCurrency: z
    .array(z.object({ currency: z.string(), spend: z.number(), estimated: z.boolean() }))
    .optional(),
});
export type TrafficSummary = z.infer<typeof TrafficSummary>;

/** What every breakdown value and series bucket carries. */
export const TrafficFigures = z.object({
  requests: z.number(),
  failed: z.number(),
  errorRate: z.number(),
  p95Ms: nullableNumber,
  totalTokens: z.number(),
  spend: z.number(),
  spendEstimated: z.boolean(),
});
export type TrafficFigures = z.infer<typeof TrafficFigures>;

/** A breakdown value: its figures and the same figures over the range just before (null when absent then). */
const Usage = TrafficFigures.extend({ previous: TrafficFigures.nullable() });

const key = z.string().nullable();
export const ModelUsage = Usage.extend({ model: key });
/** A replica behind a model group: the deployment model and the api_base that answered. */
export const DeploymentUsage = Usage.extend({ deployment: key, apiBase: key, model: key });
export const KeyAliasUsage = Usage.extend({ keyAlias: key });
export const TeamUsage = Usage.extend({ teamAlias: key });
export const EndUserUsage = Usage.extend({ endUser: key });
export type ModelUsage = z.infer<typeof ModelUsage>;
export type DeploymentUsage = z.infer<typeof DeploymentUsage>;
export type KeyAliasUsage = z.infer<typeof KeyAliasUsage>;
export type TeamUsage = z.infer<typeof TeamUsage>;
export type EndUserUsage = z.infer<typeof EndUserUsage>;

export const TrafficDimension = z.enum(['model', 'deployment', 'key', 'team', 'user']);
export type TrafficDimension = z.infer<typeof TrafficDimension>;

export const SeriesPoint = TrafficFigures.extend({
  bucket: z.string(),
  p50Ms: nullableNumber,
  p99Ms: nullableNumber,
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

/** One request of the list: the fields of an error (null where it succeeded) plus its outcome, spend and tokens. */
export const TrafficRequest = ErrorRow.extend({
  errorType: z.string().nullable(),
  status: z.enum(['success', 'failure']),
  endUser: z.string().nullable(),
  sessionId: z.string().nullable(),
  ttftMs: nullableNumber,
  promptTokens: nullableNumber,
  completionTokens: nullableNumber,
  spend: nullableNumber,
  spendEstimated: z.boolean(),
});
export type TrafficRequest = z.infer<typeof TrafficRequest>;

export const RequestSort = z.enum(['time', 'durationMs', 'totalTokens', 'spend']);
export type RequestSort = z.infer<typeof RequestSort>;

export const RequestPageQuery = z.object({
  sort: RequestSort.default('time'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  /** Opaque keyset cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(2_000, 'must be at most 2000 characters').nullable().default(null),
  limit: z
    .number()
    .int('expected a whole number')
    .min(1, 'must be at least 1')
    .max(1_000, 'must be at most 1000')
    .default(50),
});
export type RequestPageQuery = z.infer<typeof RequestPageQuery>;

export const RequestPage = z.object({ requests: z.array(TrafficRequest), nextCursor: z.string().nullable() });
export type RequestPage = z.infer<typeof RequestPage>;

export const TrafficQuery = ResolvedQuery.extend({
  endUsers: z.array(z.string()),
  sessionIds: z.array(z.string()),
  deployments: z.array(z.string()),
  outcome: Outcome,
  granularity: SeriesGranularity,
  previousFrom: z.string(),
  previousTo: z.string(),
  currency: z.string(),
  modelContains: z.string().optional(),
});
export type TrafficQuery = z.infer<typeof TrafficQuery>;

/** Values past a breakdown's top N: how many, and their figures summed (no percentile: p95Ms null). */
export const UsageRemainder = TrafficFigures.extend({ values: z.number() });
export type UsageRemainder = z.infer<typeof UsageRemainder>;

/** The document of DESIGN §8 (`logdesk usage --json`). */
export const Traffic = z.object({
  query: TrafficQuery,
  basis: TrafficBasis,
  /** Human label of the basis, e.g. "from daily totals". */
  basisLabel: z.string(),
  /** Whether the source records a time to first token at all (LiteLLM's completionStartTime); absent: unknown. */
  ttftRecorded: z.boolean().optional(),
  summary: TrafficSummary,
  previous: TrafficSummary,
  byModel: z.array(ModelUsage),
  byDeployment: z.array(DeploymentUsage),
  byKeyAlias: z.array(KeyAliasUsage),
  byTeam: z.array(TeamUsage),
  byEndUser: z.array(EndUserUsage),
  /** The "(other N values)" of each breakdown (top 50 listed); absent in documents saved before. */
  others: z
    .object({
      byModel: UsageRemainder,
      byDeployment: UsageRemainder,
      byKeyAlias: UsageRemainder,
      byTeam: UsageRemainder,
      byEndUser: UsageRemainder,
    })
    .optional(),
  series: z.array(SeriesPoint),
  requests: z.array(TrafficRequest),
  nextCursor: z.string().nullable(),
  timings: z.object({ totalMs: z.number(), queryMs: z.number() }),
  notes: z.array(z.string()),
});
export type Traffic = z.infer<typeof Traffic>;
