import { z } from 'zod';

/** Codes every surface understands; the CLI maps them to exit codes, the UI to messages. */
export const ErrorCode = z.enum([
  'BAD_ARGUMENT',
  'CONNECTION_FAILED',
  'AUTH_FAILED',
  'SCHEMA_MISSING',
  'QUERY_FAILED',
  'TIMEOUT',
  'CANCELLED',
  /** The planner expects the query to read more rows than the warning threshold; `detail` holds the estimate. */
  'LARGE_SCAN',
  'NOT_FOUND',
  'WRITE_FAILED',
  'LLM_FAILED',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorData = z.object({
  code: ErrorCode,
  message: z.string(),
  detail: z.string().optional(),
});
export type ErrorData = z.infer<typeof ErrorData>;

/** An error that crosses process and transport boundaries as plain data. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
  }

  toData(): ErrorData {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }

  static fromData(data: ErrorData): AppError {
    return new AppError(data.code, data.message, data.detail);
  }
}

export function toAppError(err: unknown, fallback: ErrorCode = 'INTERNAL'): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof Error) return new AppError(fallback, err.message);
  return new AppError(fallback, String(err));
}

/** Turns a zod failure into one line naming the field and what was expected. */
export function describeZodError(error: z.ZodError, root = 'input'): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length ? issue.path.map(String).join('.') : root;
      // zod says "Invalid input: expected string, received undefined" for a field left out.
      if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message))
        return `${path}: required (expected a ${issue.expected})`;
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}
