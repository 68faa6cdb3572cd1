import type { DirectTarget, TlsMode } from './connection.ts';
import { AppError } from './errors.ts';

/** A MySQL/MariaDB server reached over TCP; the password is kept apart so it is never logged. */
export interface MysqlTarget {
  host: string;
  port: number;
  database: string;
  user: string;
}

export type ParsedSourceUrl =
  | { engine: 'postgres'; target: DirectTarget; password: string | undefined }
  | { engine: 'mysql'; target: MysqlTarget; password: string | undefined }
  | { engine: 'sqlite'; file: string };

export interface SourceUrlOptions {
  /** Names the field in errors: `--url` in the CLI, the box's label in the app. */
  label?: string;
  /** The user when a postgres:// URL names none (the engine passes PGUSER); default `postgres`. */
  pgUser?: string | undefined;
  /** Makes a plain relative SQLite path absolute (the engine: against its working folder); default: kept as written. */
  resolvePath?: (path: string) => string;
}

const SSL_MODES: Record<string, TlsMode> = {
  disable: 'disable',
  allow: 'disable',
  prefer: 'disable',
  require: 'require',
  'verify-ca': 'verify-full',
  'verify-full': 'verify-full',
};

const SQLITE_PATH = /\.(db|sqlite|sqlite3)$/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** What the source box and `--url` take, for hints. */
export const SOURCE_URL_FORMS =
  'postgres://, mysql://, sqlite:///PATH.db or a path ending .db/.sqlite/.sqlite3';

/** True for what `--url` takes as a SQLite file: `sqlite:///abs/path.db` or a plain path ending .db/.sqlite/.sqlite3. */
export function isSqliteLocation(url: string): boolean {
  return url.startsWith('sqlite:') || (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && SQLITE_PATH.test(url));
}

const serverParts = (url: string, label: string, expected: string) => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('BAD_ARGUMENT', `${label}: expected ${expected}`);
  }
  if (!parsed.hostname) throw new AppError('BAD_ARGUMENT', `${label}: the host is missing`);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new AppError('BAD_ARGUMENT', `${label}: the database name is missing (…/DATABASE)`);
  return {
    parsed,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    database,
    user: decodeURIComponent(parsed.username),
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
  };
};

/** Parses `postgres://user:pass@host:port/db?sslmode=…`; the password is split off so it is never logged. */
export function parsePostgresUrl(
  url: string,
  options: SourceUrlOptions = {},
): { target: DirectTarget; password: string | undefined } {
  const label = options.label ?? '--url';
  const { parsed, host, database, user, password } = serverParts(
    url,
    label,
    'postgres://user[:password]@host[:port]/database',
  );
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new AppError('BAD_ARGUMENT', `${label}: expected the postgres:// scheme, got "${parsed.protocol}"`);
  }
  const sslmode = parsed.searchParams.get('sslmode') ?? 'disable';
  const tls = SSL_MODES[sslmode];
  if (!tls)
    throw new AppError(
      'BAD_ARGUMENT',
      `${label}: sslmode must be one of ${Object.keys(SSL_MODES).join(', ')}`,
    );
  const caFile = parsed.searchParams.get('sslrootcert') ?? undefined;
  const target: DirectTarget = {
    host,
    port: parsed.port ? Number(parsed.port) : 5432,
    database,
    user: user || options.pgUser || 'postgres',
    tls,
    ...(caFile ? { caFile } : {}),
  };
  return { target, password };
}

/** `postgres://…`, `mysql://user[:pw]@host[:port]/db`, `sqlite:///abs/path.db` or a plain SQLite path. */
export function parseSourceUrl(url: string, options: SourceUrlOptions = {}): ParsedSourceUrl {
  const label = options.label ?? '--url';
  if (isSqliteLocation(url)) {
    if (!url.startsWith('sqlite:'))
      return { engine: 'sqlite', file: options.resolvePath ? options.resolvePath(url) : url };
    const m = /^sqlite:\/\/(\/.+)$/.exec(url);
    if (!m)
      throw new AppError('BAD_ARGUMENT', `${label}: expected sqlite:///ABSOLUTE/PATH.db (three slashes)`);
    return { engine: 'sqlite', file: decodeURIComponent(m[1]!) };
  }
  if (/^(mysql|mariadb):/i.test(url)) {
    const { parsed, host, database, user, password } = serverParts(
      url,
      label,
      'mysql://user[:password]@host[:port]/database',
    );
    return {
      engine: 'mysql',
      target: { host, port: parsed.port ? Number(parsed.port) : 3306, database, user: user || 'root' },
      password,
    };
  }
  if (SCHEME.test(url) && !/^postgres(ql)?:/i.test(url)) {
    throw new AppError('BAD_ARGUMENT', `${label}: expected ${SOURCE_URL_FORMS}, got "${url.split(':')[0]}:"`);
  }
  return { engine: 'postgres', ...parsePostgresUrl(url, options) };
}

/** Why the engine would refuse this URL, in the parser's own words; null when it takes it. */
export function sourceUrlProblem(url: string, label: string): string | null {
  if (!url.trim()) return 'Enter a postgres://, mysql:// or sqlite:/// URL';
  try {
    parseSourceUrl(url, { label });
    return null;
  } catch (err) {
    return err instanceof AppError ? err.message : String(err);
  }
}
