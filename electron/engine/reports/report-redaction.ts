import type { Source } from '../../../shared/connection.ts';
import type { ReportRedaction } from '../../../shared/contract/reports.ts';
import { redact, type RedactionOptions } from '../../../shared/redact.ts';

/** Turns one string into its shareable form. */
export type Scrub = (text: string) => string;

/** Secrets are always removed from a report; e-mails and IPs as the user chose. */
export function reportRedactionOptions(choice: ReportRedaction): RedactionOptions {
  return {
    apiKeys: true,
    bearerTokens: true,
    urlPasswords: true,
    emails: choice.emails,
    ipAddresses: choice.ipAddresses,
  };
}

const SHORTEST_KNOWN_SECRET = 4;
const CACHE_MAX_LENGTH = 256;
const CACHE_ENTRIES = 20_000;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Secret values this process knows that no pattern may recognise (a database password like
 * `hunter2`): the password of a URL source, PGPASSWORD, the LLM key and `LOGDESK_SECRET_*` values.
 */
export function knownSecrets(source: Source | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const values: string[] = [];
  if (source?.kind === 'url') {
    try {
      const password = new URL(source.url).password;
      if (password) values.push(decodeURIComponent(password), password);
    } catch {
      // An unparsable URL never opened a connection, so it cannot have leaked into results.
    }
  }
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (
      name === 'PGPASSWORD' ||
      name === 'MYSQL_PWD' ||
      name === 'LOGDESK_LLM_API_KEY' ||
      name.startsWith('LOGDESK_SECRET_')
    )
      values.push(value);
  }
  return [...new Set(values)].filter((v) => v.length >= SHORTEST_KNOWN_SECRET);
}

/** A JSON Web Token on its own (no `Bearer` before it, e.g. repeated by an LLM): header.payload.signature. */
const BARE_JWT = /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}/g;

/** One function applied to every string that reaches a report file: known secrets first, then the patterns. */
export function createScrub(choice: ReportRedaction, secrets: readonly string[]): Scrub {
  const options = reportRedactionOptions(choice);
  // Longest first, so a secret containing another is replaced whole.
  const exact = secrets.length
    ? new RegExp(
        [...secrets]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|'),
        'g',
      )
    : null;
  const scrub: Scrub = (text) =>
    redact(exact ? text.replace(exact, '[REDACTED]') : text, options).replace(BARE_JWT, '[REDACTED_TOKEN]');
  // Models, keys, error types and API bases repeat on every row of a large CSV: remember short answers.
  const seen = new Map<string, string>();
  return (text) => {
    if (text.length > CACHE_MAX_LENGTH) return scrub(text);
    let out = seen.get(text);
    if (out === undefined) {
      if (seen.size >= CACHE_ENTRIES) seen.clear();
      out = scrub(text);
      seen.set(text, out);
    }
    return out;
  };
}

/**
 * For the source description (`postgres://user@host:port/db`, never a password): the e-mail rule would
 * turn `user@host` into [EMAIL], so only secrets and, if chosen, IP addresses are removed.
 */
export function createSourceScrub(choice: ReportRedaction, secrets: readonly string[]): Scrub {
  return createScrub({ ...choice, emails: false }, secrets);
}

/** Deep copy of plain data with every string value scrubbed. */
export function scrubDeep<T>(value: T, scrub: Scrub): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, scrub);
    return out as T;
  }
  return value;
}
