import type { Dialect } from '../../../shared/source-mapping.ts';
import type { SqlParam } from '../db/database.ts';

/**
 * What differs between PostgreSQL, MySQL/MariaDB and SQLite in the SQL a mapped source needs.
 * Identifiers are quoted by each engine's rules (the quote character doubled inside); values only
 * ever travel as placeholders collected by `Params`.
 */
export interface SqlDialect {
  name: Dialect;
  quote(identifier: string): string;
  /** Milliseconds since the epoch (UTC) of a time column, as a number. */
  epochMs(column: string): string;
  /** A bound instant compared with a time column of this declared type (so an index can serve the range). */
  timeParam(placeholder: string, columnType: string): string;
  /** The ISO instant as this engine's driver should bind it. */
  timeValue(iso: string): string;
  asText(expr: string): string;
  asNumber(expr: string): string;
  /** A boolean column's "false" test. */
  isFalse(column: string): string;
  /** Case-insensitive substring test. */
  contains(haystack: string, needle: string): string;
}

/** Placeholders in the order values are bound: `$n` for PostgreSQL, `?` for the others. */
export class Params {
  readonly values: SqlParam[] = [];
  constructor(private readonly dialect: Dialect) {}

  add(value: SqlParam): string {
    this.values.push(value);
    return this.dialect === 'postgres' ? `$${this.values.length}` : '?';
  }

  /** `IN (…)` over a list, one placeholder per value. */
  list(values: readonly string[]): string {
    return `(${values.map((v) => this.add(v)).join(', ')})`;
  }
}

const doubled = (q: string) => (identifier: string) => `${q}${identifier.split(q).join(q + q)}${q}`;

export const POSTGRES: SqlDialect = {
  name: 'postgres',
  quote: doubled('"'),
  epochMs: (c) => `(extract(epoch FROM ${c}) * 1000)::float8`,
  // Columns are `timestamp` (UTC by convention, as Prisma and Django write them) or `timestamptz`:
  // comparing with a timestamptz converts the former through the session zone, so pin it to UTC.
  timeParam: (p, type) => (/with time zone/i.test(type) ? `${p}::timestamptz` : `(${p}::timestamptz AT TIME ZONE 'UTC')`),
  timeValue: (iso) => iso,
  asText: (e) => `CAST(${e} AS text)`,
  asNumber: (e) => `CAST(${e} AS float8)`,
  isFalse: (c) => `(${c} = FALSE)`,
  contains: (h, n) => `strpos(lower(${h}), lower(${n})) > 0`,
};

export const MYSQL: SqlDialect = {
  name: 'mysql',
  quote: doubled('`'),
  // The session runs with time_zone '+00:00', so UNIX_TIMESTAMP reads DATETIME values as UTC.
  epochMs: (c) => `(UNIX_TIMESTAMP(${c}) * 1000)`,
  timeParam: (p) => `CAST(${p} AS DATETIME(6))`,
  timeValue: (iso) => iso.replace('T', ' ').replace(/Z$/, ''),
  asText: (e) => `CAST(${e} AS CHAR)`,
  asNumber: (e) => `CAST(${e} AS DOUBLE)`,
  isFalse: (c) => `(${c} = 0)`,
  contains: (h, n) => `INSTR(LOWER(${h}), LOWER(${n})) > 0`,
};

export const SQLITE: SqlDialect = {
  name: 'sqlite',
  quote: doubled('"'),
  // Django and most apps store `YYYY-MM-DD HH:MM:SS[.ffffff]` text; julianday reads it and ISO alike.
  epochMs: (c) => `CAST(round((julianday(${c}) - 2440587.5) * 86400000.0) AS INTEGER)`,
  // Compared as text: Django's SQLite backend writes `YYYY-MM-DD HH:MM:SS.ffffff`, which sorts like this.
  timeParam: (p) => p,
  timeValue: (iso) => iso.replace('T', ' ').replace(/Z$/, ''),
  asText: (e) => `CAST(${e} AS TEXT)`,
  asNumber: (e) => `CAST(${e} AS REAL)`,
  isFalse: (c) => `(${c} = 0 OR lower(CAST(${c} AS TEXT)) = 'false')`,
  contains: (h, n) => `instr(lower(${h}), lower(${n})) > 0`,
};

export function sqlDialect(name: Dialect | undefined): SqlDialect {
  return name === 'mysql' ? MYSQL : name === 'sqlite' ? SQLITE : POSTGRES;
}
