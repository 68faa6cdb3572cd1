import { z } from 'zod';
import { Source } from '../connection.ts';
import { TimeRange } from '../time-range.ts';
import { defineArea } from './define.ts';

/** Fields whose distinct values the filter form offers as suggestions. */
export const ValueField = z.enum(['keyAlias', 'model', 'errorType', 'statusCode', 'teamAlias']);
export type ValueField = z.infer<typeof ValueField>;

export const ValueCount = z.object({ value: z.string(), count: z.number() });
export type ValueCount = z.infer<typeof ValueCount>;

/** The raw rows behind one error, as stored by LiteLLM, with secrets redacted. */
export const ErrorDetail = z.object({
  requestId: z.string(),
  /** Every column of the LiteLLM_SpendLogs row (jsonb columns as JSON), or null when the request has none. */
  spendLogs: z.record(z.string(), z.unknown()).nullable(),
  /** Every column of the LiteLLM_ErrorLogs row, or null. */
  errorLogs: z.record(z.string(), z.unknown()).nullable(),
  /** The key alias of the virtual key (LiteLLM_VerificationToken) when the row names one. */
  tokenKeyAlias: z.string().nullable(),
  /**
   * LiteLLM_ErrorLogs rows (request_kwargs left out) of the request's model group or deployment that
   * started inside its startTime–endTime: failed attempts matched by time, not by id (none exists).
   */
  matchedAttempts: z.array(z.record(z.string(), z.unknown())).default([]),
  /** A mapped source's stored row of the call (every column), or null for LiteLLM. */
  callRow: z
    .object({ table: z.string(), row: z.record(z.string(), z.unknown()) })
    .nullable()
    .default(null),
});
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** Follow-up reads the desktop UI makes around an investigation: suggestions and one error's detail. */
export const drilldownArea = defineArea({
  'investigation.values': {
    request: z.object({
      source: Source.default({ kind: 'demo' }),
      field: ValueField,
      timeRange: TimeRange.default({ kind: 'relative', last: '24h' }),
      /** Case-insensitive substring the values must contain. */
      search: z.string().max(200, 'must be at most 200 characters').optional(),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    response: z.object({ values: z.array(ValueCount) }),
  },
  'investigation.errorDetail': {
    request: z.object({
      source: Source.default({ kind: 'demo' }),
      requestId: z.string().min(1, 'expected a request id').max(500, 'must be at most 500 characters'),
    }),
    response: ErrorDetail,
  },
});
