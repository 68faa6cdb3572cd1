import { z } from 'zod';
import { Source } from '../connection.ts';
import { FILTER_FIELDS, Filters } from '../filters.ts';
import { TimeRange } from '../time-range.ts';
import { defineArea } from './define.ts';

export const AskField = z.enum(FILTER_FIELDS);

/** A value the LLM chose that no error in the source carries: kept in the filters and named, never dropped. */
export const UnmatchedValue = z.object({
  field: AskField,
  value: z.string(),
  /** Real values that look like it, most frequent first. */
  closest: z.array(z.string()),
});
export type UnmatchedValue = z.infer<typeof UnmatchedValue>;

export const AskResult = z.object({
  question: z.string(),
  filters: Filters,
  unmatched: z.array(UnmatchedValue),
  /** The range whose errors' values the question was read against (UTC ISO): "not in the data" means not in this range. */
  checkedRange: z.object({ from: z.string(), to: z.string() }),
  /** The model's one-line reading of the question. */
  explanation: z.string().nullable(),
  model: z.string(),
});
export type AskResult = z.infer<typeof AskResult>;

/** A question in plain language turned into filters by the configured LLM, shown before anything runs. */
export const askArea = defineArea({
  'ask.filters': {
    request: z.object({
      source: Source.default({ kind: 'demo' }),
      question: z.string().trim().min(1, 'expected a question').max(500, 'must be at most 500 characters'),
      /** IANA zone the app shows times in, where the question's times are meant ("yesterday 2pm"); UTC when absent. */
      timeZone: z.string().max(100).optional(),
      /** The form's range: the one read when the question names no time; the last 24 h when absent. */
      timeRange: TimeRange.optional(),
    }),
    response: AskResult,
  },
});
