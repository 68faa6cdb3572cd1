import { z } from 'zod';
import { QueryTimings } from './investigation.ts';
import { CategorySource, FailureCategory } from './taxonomy.ts';

/** One value of a dimension and how many errors carry it (null: the errors have no value, e.g. no key alias). */
export const ValueShare = z.object({ value: z.string().nullable(), count: z.number() });
export type ValueShare = z.infer<typeof ValueShare>;

/** A real error of a pattern, so the user (and the LLM) can see one instance and look it up. */
export const PatternExample = z.object({
  requestId: z.string(),
  time: z.string(),
  model: z.string().nullable(),
  keyAlias: z.string().nullable(),
  errorType: z.string(),
  statusCode: z.string().nullable(),
  message: z.string(),
});
export type PatternExample = z.infer<typeof PatternExample>;

/** Error messages grouped into one template, variable parts (numbers, ids, URLs, IPs…) shown as `<*>`. */
/** A pattern against the period before: only there now, clearly more, clearly fewer, or about the same. */
export const PatternChange = z.enum(['new', 'grew', 'shrank', 'steady']);
export type PatternChange = z.infer<typeof PatternChange>;

export const GroupedPattern = z.object({
  /** Stable for the same template across runs: a short hash of it. */
  id: z.string(),
  template: z.string(),
  count: z.number(),
  /** count / all matching errors, 0..1. */
  share: z.number(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** Most frequent first, at most 10 each. */
  models: z.array(ValueShare),
  keyAliases: z.array(ValueShare),
  errorTypes: z.array(ValueShare),
  /** Errors per bucket, aligned with `Insights.buckets` (for sparklines). */
  series: z.array(z.number()),
  example: PatternExample,
  /**
   * Errors of this pattern in the period of equal length right before the range (the same filters
   * and grouping), and what that makes of it; null where the previous period was not read.
   */
  previousCount: z.number().nullable().default(null),
  change: PatternChange.nullable().default(null),
});
export type GroupedPattern = z.infer<typeof GroupedPattern>;

/** A grouped pattern named by its cause (electron/engine/insights/taxonomy.ts). */
export const ErrorPattern = GroupedPattern.extend({
  category: FailureCategory,
  /** One line: why this category, and what to check. */
  categoryReason: z.string(),
  categoryCheck: z.string(),
  categorySource: CategorySource,
});
export type ErrorPattern = z.infer<typeof ErrorPattern>;

export const SpikeDimension = z.enum(['model', 'keyAlias', 'errorType']);
export type SpikeDimension = z.infer<typeof SpikeDimension>;

/** What else the errors of a spike window have in common (top values, most frequent first). */
export const SpikeContext = z.object({
  models: z.array(ValueShare),
  deployments: z.array(ValueShare),
  keyAliases: z.array(ValueShare),
  errorTypes: z.array(ValueShare),
});
export type SpikeContext = z.infer<typeof SpikeContext>;

/** Another value that spiked in the same window on mostly the same errors (e.g. the incident's key beside its model). */
export const SpikeCompanion = z.object({
  dimension: SpikeDimension,
  value: z.string().nullable(),
  /** Its own errors inside its own window. */
  count: z.number(),
  from: z.string(),
  to: z.string(),
});
export type SpikeCompanion = z.infer<typeof SpikeCompanion>;

/** A window where one dimension value (a model, a key alias, an error type) jumps well above its own baseline. */
export const Spike = z.object({
  dimension: SpikeDimension,
  value: z.string().nullable(),
  /** Start of the first bucket and end of the last bucket of the window, UTC ISO. */
  from: z.string(),
  to: z.string(),
  /** Errors of this value inside the window. */
  count: z.number(),
  /** The busiest bucket of the window and its count. */
  peakBucket: z.string(),
  peak: z.number(),
  /** Typical errors per bucket for this value (the median over the whole range). */
  baseline: z.number(),
  /** Errors above the baseline inside the window: what the spike ranks by. */
  excess: z.number(),
  /** Robust z-score of the peak: (peak − median) / scale. */
  score: z.number(),
  context: SpikeContext,
  /**
   * Values of the other dimensions that spiked in the same window on mostly the same errors: one
   * incident shows once, naming its model, key and error type together, instead of three times.
   */
  together: z.array(SpikeCompanion).default([]),
  /** One line a human reads, e.g. `key alias support-bot: 812 errors 10:15–11:30 UTC (from about 0.3 to 54 per 15 min)`. */
  summary: z.string(),
});
export type Spike = z.infer<typeof Spike>;

/** Errors per bucket for one dimension value (the busiest values of each dimension). */
export const DimensionSeries = z.object({
  dimension: SpikeDimension,
  value: z.string().nullable(),
  total: z.number(),
  counts: z.array(z.number()),
});
export type DimensionSeries = z.infer<typeof DimensionSeries>;

/** Patterns and spikes of one investigation, computed over all of its matching errors. */
export const Insights = z.object({
  investigationId: z.string(),
  /** Errors read while grouping (all matches). */
  total: z.number(),
  /** Request id of the newest matching error: with `total`, the fingerprint of the data. */
  newestRequestId: z.string().nullable(),
  bucketSeconds: z.number(),
  /** Bucket starts (UTC ISO) that every `series` and `counts` list is aligned with. */
  buckets: z.array(z.string()),
  /** The most frequent patterns, largest first. */
  patterns: z.array(ErrorPattern),
  /** How many distinct templates were found in all. */
  patternCount: z.number(),
  /** Largest excess first. */
  spikes: z.array(Spike),
  series: z.array(DimensionSeries),
  /**
   * Errors matching the same filters in the period of equal length right before the range: the
   * comparison when the range itself is the incident. Null when it could not be counted.
   */
  before: z.object({ from: z.string(), to: z.string(), count: z.number() }).nullable().default(null),
  timings: QueryTimings.optional(),
});
export type Insights = z.infer<typeof Insights>;
