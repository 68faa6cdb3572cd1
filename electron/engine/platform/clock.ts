import { AppError } from '../../../shared/errors.ts';

/**
 * The engine's "now": the system clock, or the instant `LOGDESK_NOW` pins (an ISO 8601 time or
 * epoch milliseconds). Tests pin it so data generated relative to a day reads the same on any day.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): () => number {
  const text = env.LOGDESK_NOW?.trim();
  if (!text) return () => Date.now();
  const pinned = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(pinned)) {
    throw new AppError(
      'BAD_ARGUMENT',
      `LOGDESK_NOW: expected an ISO 8601 time like 2026-11-23T12:00:00Z or epoch milliseconds, got "${text}"`,
    );
  }
  return () => pinned;
}

/** The current instant as the CLI's argument parsers see it (they run before any engine exists). */
export const cliNow = (): number => clockFromEnv()();
