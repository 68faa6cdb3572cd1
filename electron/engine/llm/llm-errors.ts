import { openAIIfLoaded } from './openai-module.ts';
import { AppError } from '../../../shared/errors.ts';
import { redact } from '../../../shared/redact.ts';
import type { LlmEndpoint } from './llm-endpoint.ts';

export type FailureKind =
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'rejected'
  | 'malformed';

/** One failed attempt, classified: may it be retried, and what to tell the user if not. */
export interface LlmFailure {
  kind: FailureKind;
  status: number | null;
  transient: boolean;
  /** The endpoint's own words (redacted), for the detail line. */
  serverMessage: string;
  retryAfterMs: number | null;
  error(attempts: number): AppError;
}

function retryAfter(headers: Headers | undefined): number | null {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = Number.parseFloat(headers?.get('retry-after') ?? '');
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  return null;
}

/** The SDK's error classes: none can be thrown before the SDK was loaded to make a client. */
function sdkError(err: unknown) {
  const sdk = openAIIfLoaded();
  return {
    api: sdk && err instanceof sdk.APIError ? err : null,
    timeout: sdk !== null && err instanceof sdk.APIConnectionTimeoutError,
  };
}

function serverMessage(err: unknown): string {
  const { api } = sdkError(err);
  if (api) {
    const body = api.error as { message?: unknown } | undefined;
    const message = typeof body?.message === 'string' ? body.message : api.message;
    return redact(message).slice(0, 500);
  }
  const cause = (err as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const text = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return redact(text).slice(0, 500);
}

export function classifyLlmError(
  err: unknown,
  { settings }: LlmEndpoint,
  at: { idle: boolean; midStream: boolean },
): LlmFailure {
  const where = settings.baseUrl;
  const message = serverMessage(err);
  const sdk = sdkError(err);
  const after = (times: number) => (times > 1 ? ` after ${times} attempts` : '');
  const make = (
    kind: FailureKind,
    status: number | null,
    transient: boolean,
    build: (attempts: number) => AppError,
  ): LlmFailure => ({
    kind,
    status,
    transient,
    serverMessage: message,
    retryAfterMs: sdk.api ? retryAfter(sdk.api.headers as Headers | undefined) : null,
    error: build,
  });

  // A body that is not the API's JSON/SSE (a proxy's page, a truncated event): retrying will not fix it.
  if (err instanceof SyntaxError) {
    return make('malformed', null, false, () => malformedAnswer(where, message));
  }
  if (at.idle || sdk.timeout) {
    return make(
      'timeout',
      null,
      true,
      (n) =>
        new AppError(
          'TIMEOUT',
          `The LLM endpoint ${where} did not answer within ${settings.timeoutSeconds} s${after(n)}`,
          message,
        ),
    );
  }
  if (sdk.api && typeof sdk.api.status === 'number') {
    const status = sdk.api.status;
    if (status === 401) {
      return make(
        'auth',
        status,
        false,
        () =>
          new AppError(
            'AUTH_FAILED',
            `The LLM endpoint rejected the API key (HTTP 401 Unauthorized): check the API key in the LLM settings`,
            message,
          ),
      );
    }
    if (status === 403) {
      return make(
        'forbidden',
        status,
        false,
        () =>
          new AppError(
            'AUTH_FAILED',
            `The LLM endpoint refused access (HTTP 403 Forbidden): the API key may not use model "${settings.model}"`,
            message,
          ),
      );
    }
    if (status === 404) {
      return make(
        'not-found',
        status,
        false,
        () =>
          new AppError(
            'NOT_FOUND',
            `Unknown model "${settings.model}" at ${where} (HTTP 404): check the model name (the deployment name on Azure) and that the base URL is right, usually ending in /v1`,
            message,
          ),
      );
    }
    if (status === 429) {
      return make(
        'rate-limit',
        status,
        true,
        (n) =>
          new AppError(
            'LLM_FAILED',
            `The LLM endpoint is rate limiting (HTTP 429)${after(n)}: try again later`,
            message,
          ),
      );
    }
    if (status >= 500 || status === 408 || status === 409) {
      return make(
        'server',
        status,
        true,
        (n) => new AppError('LLM_FAILED', `The LLM endpoint failed (HTTP ${status})${after(n)}`, message),
      );
    }
    return make(
      'rejected',
      status,
      false,
      () => new AppError('LLM_FAILED', `The LLM endpoint rejected the request (HTTP ${status}): ${message}`),
    );
  }
  // Refused or reset connections, DNS failures, a stream cut off mid-answer.
  return make(
    'connection',
    null,
    true,
    (n) =>
      new AppError(
        'CONNECTION_FAILED',
        at.midStream
          ? `The connection to the LLM endpoint ${where} dropped mid-answer`
          : `Cannot reach the LLM endpoint ${where}${after(n)}`,
        message,
      ),
  );
}

export function malformedAnswer(where: string, detail: string): AppError {
  return new AppError(
    'LLM_FAILED',
    `The LLM endpoint ${where} sent a malformed answer, not an OpenAI-compatible chat completion stream: check that the base URL is an OpenAI-compatible API (usually ending in /v1)`,
    detail,
  );
}

/** Exponential backoff from 1 s (±25 %), or the server's Retry-After, capped at 60 s. */
export function retryDelayMs(attempt: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, 60_000);
  const base = Math.min(1_000 * 2 ** (attempt - 1), 20_000);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

const WHAT: Record<FailureKind, (f: LlmFailure) => string> = {
  'rate-limit': () => 'Rate limited by the LLM endpoint (HTTP 429)',
  server: (f) => `The LLM endpoint failed (HTTP ${f.status})`,
  timeout: () => 'The LLM endpoint did not answer in time',
  connection: (f) => `Cannot reach the LLM endpoint (${f.serverMessage})`,
  auth: () => 'Authentication failed',
  forbidden: () => 'Access refused',
  'not-found': () => 'Model not found',
  rejected: (f) => `Request rejected (HTTP ${f.status})`,
  malformed: () => 'Malformed answer',
};

export function describeRetry(
  failure: LlmFailure,
  waitMs: number,
  nextAttempt: number,
  maxAttempts: number,
): string {
  const wait =
    waitMs < 1_000 ? `${Math.round(waitMs)} ms` : `${(waitMs / 1000).toFixed(waitMs < 10_000 ? 1 : 0)} s`;
  return `${WHAT[failure.kind](failure)}; retrying in ${wait} (attempt ${nextAttempt} of ${maxAttempts})`;
}
