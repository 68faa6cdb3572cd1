import { z } from 'zod';

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
  z.object({ kind: z.literal('url'), url: z.string().min(1), statementTimeoutSeconds: StatementTimeoutSeconds.optional() }),
  z.object({ kind: z.literal('profile'), name: z.string().min(1), statementTimeoutSeconds: StatementTimeoutSeconds.optional() }),
]);
export type Source = z.infer<typeof Source>;

export function describeDirectTarget(t: DirectTarget): string {
  return `postgres://${t.user}@${t.host}:${t.port}/${t.database}`;
}
