import { z } from 'zod';
import { redact } from './redact.ts';
import { Dialect, TableSpec } from './source-mapping.ts';

export const TlsMode = z.enum(['disable', 'require', 'verify-full']);
export type TlsMode = z.infer<typeof TlsMode>;

/** A PostgreSQL server reached over TCP. The password is never part of it: it comes from a secret store. */
export const DirectTarget = z.object({
  host: z.string().min(1, 'host must not be empty'),
  port: z.number().int().min(1).max(65535).default(5432),
  database: z.string().min(1, 'database must not be empty'),
  user: z.string().min(1, 'user must not be empty'),
  tls: TlsMode.default('disable'),
  caFile: z.string().optional(),
  /** The server speaks PostgreSQL (default) or MySQL/MariaDB. */
  engine: Dialect.exclude(['sqlite']).optional(),
});
export type DirectTarget = z.infer<typeof DirectTarget>;

/** The server-side statement timeout of each read, in seconds; the client gives up just after it. */
export const StatementTimeoutSeconds = z
  .number({ message: 'expected a whole number of seconds' })
  .int('expected a whole number of seconds')
  .min(1, 'must be at least 1')
  .max(3600, 'must be at most 3600');

/** Where an investigation reads from; `statementTimeoutSeconds` overrides the profile's (default 30). */
export const Source = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo') }),
  /** postgres://, mysql://, sqlite:///abs/path.db or a path ending .db/.sqlite/.sqlite3; with a table for non-LiteLLM logs. */
  z.object({
    kind: z.literal('url'),
    url: z.string().min(1),
    statementTimeoutSeconds: StatementTimeoutSeconds.optional(),
    source: TableSpec.optional(),
  }),
  z.object({
    kind: z.literal('profile'),
    name: z.string().min(1),
    statementTimeoutSeconds: StatementTimeoutSeconds.optional(),
  }),
]);
export type Source = z.infer<typeof Source>;

export function describeDirectTarget(t: DirectTarget): string {
  return `${t.engine === 'mysql' ? 'mysql' : 'postgres'}://${t.user}@${t.host}:${t.port}/${t.database}`;
}

const URL_PASSWORDS_ONLY = {
  apiKeys: false,
  bearerTokens: false,
  emails: false,
  ipAddresses: false,
  urlPasswords: true,
};

/**
 * The source as it may be shown, stored or answered: a URL keeps everything but its password.
 * A URL the parser refuses still loses anything shaped like `user:password@`.
 */
export function withoutSecrets(source: Source): Source {
  if (source.kind !== 'url') return source;
  try {
    const url = new URL(source.url);
    if (!url.password) return source;
    url.password = '';
    return { ...source, url: url.toString() };
  } catch {
    return { ...source, url: redact(source.url, URL_PASSWORDS_ONLY) };
  }
}
