import { AppError } from '../../../shared/errors.ts';
import type { DirectTarget, TlsMode } from '../../../shared/connection.ts';

export interface ParsedUrl {
  target: DirectTarget;
  password: string | undefined;
}

const SSL_MODES: Record<string, TlsMode> = {
  disable: 'disable',
  allow: 'disable',
  prefer: 'disable',
  require: 'require',
  'verify-ca': 'verify-full',
  'verify-full': 'verify-full',
};

/** Parses `postgres://user:pass@host:port/db?sslmode=…`; the password is split off so it is never logged. */
export function parseDatabaseUrl(url: string): ParsedUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('BAD_ARGUMENT', '--url: expected postgres://user[:password]@host[:port]/database');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new AppError('BAD_ARGUMENT', `--url: expected the postgres:// scheme, got "${parsed.protocol}"`);
  }
  if (!parsed.hostname) throw new AppError('BAD_ARGUMENT', '--url: the host is missing');
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new AppError('BAD_ARGUMENT', '--url: the database name is missing (…/DATABASE)');
  const port = parsed.port ? Number(parsed.port) : 5432;
  const sslmode = parsed.searchParams.get('sslmode') ?? 'disable';
  const tls = SSL_MODES[sslmode];
  if (!tls) {
    throw new AppError('BAD_ARGUMENT', `--url: sslmode must be one of ${Object.keys(SSL_MODES).join(', ')}`);
  }
  const caFile = parsed.searchParams.get('sslrootcert') ?? undefined;
  const user = decodeURIComponent(parsed.username) || process.env.PGUSER || 'postgres';
  const target: DirectTarget = {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port,
    database,
    user,
    tls,
    ...(caFile ? { caFile } : {}),
  };
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  return { target, password };
}
