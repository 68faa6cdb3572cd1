import { AppError } from '../../../shared/errors.ts';

/** What a first start opens on, before any query is remembered: the demo, run at once, or nothing. */
export type FirstSource = 'demo' | 'none';

/**
 * LOGDESK_FIRST_SOURCE: `demo` (default) or `none` — for a team that ships its own connections and
 * wants no demo query at start, and for tests that pick their own database (no demo run each open).
 */
export function firstSourceFromEnv(env: NodeJS.ProcessEnv = process.env): FirstSource {
  const text = env.LOGDESK_FIRST_SOURCE?.trim();
  if (!text) return 'demo';
  if (text === 'demo' || text === 'none') return text;
  throw new AppError('BAD_ARGUMENT', `LOGDESK_FIRST_SOURCE: expected "demo" or "none", got "${text}"`);
}
