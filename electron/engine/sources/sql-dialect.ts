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
  /**
   * `column` in [from, to) for a time column of this declared type, the instants bound through `add`;
   * written so an index on the column can serve the range.
   */
  timeRange(column: string, columnType: string, range: { from: string; to: string }, add: (value: SqlParam) => string): string;
  asText(expr: string): string;
  asNumber(expr: string): string;
  /** A boolean column's "false" test. */
  isFalse(column: string): string;
  /** Case-insensitive substring test. */
  contains(haystack: string, needle: string): string;
  /**
   * The text at `path` inside a JSON column, NULL where it is missing, JSON null or the column is not
   * valid JSON (hostile metadata must not fail the read). Keys are checked (letters, digits, _) before.
   */
  jsonText(column: string, path: readonly string[]): string;
  /** Null-safe equality (NULL equals NULL). */
  same(a: string, b: string): string;
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

/** An instant as `YYYY-MM-DD HH:MM:SS.SSS` (UTC), how MySQL binds DATETIME and SQLite's strftime writes it. */
const spaced = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace(/Z$/, '');

/** As `spaced`, without a zero fraction: Python writes `HH:MM:SS` when the microseconds are 0, which sorts before `HH:MM:SS.000`. */
const bare = (iso: string) => spaced(iso).replace(/\.000$/, '');

/** `$."a"."b"`: the JSON path MySQL and SQLite take. */
const jsonPath = (path: readonly string[]) => `'$${path.map((k) => `."${k}"`).join('')}'`;

const doubled = (q: string) => (identifier: string) => `${q}${identifier.split(q).join(q + q)}${q}`;

export const POSTGRES: SqlDialect = {
  name: 'postgres',
  quote: doubled('"'),
  epochMs: (c) => `(extract(epoch FROM ${c}) * 1000)::float8`,
  // Columns are `timestamp` (UTC by convention, as Prisma and Django write them) or `timestamptz`:
  // comparing with a timestamptz converts the former through the session zone, so pin it to UTC.
  timeRange: (c, type, range, add) => {
    const at = (p: string) => (/with time zone/i.test(type) ? `${p}::timestamptz` : `(${p}::timestamptz AT TIME ZONE 'UTC')`);
    return `${c} >= ${at(add(range.from))} AND ${c} < ${at(add(range.to))}`;
  },
  asText: (e) => `CAST(${e} AS text)`,
  asNumber: (e) => `CAST(${e} AS float8)`,
  isFalse: (c) => `(${c} = FALSE)`,
  contains: (h, n) => `strpos(lower(${h}), lower(${n})) > 0`,
  // Only json/jsonb columns take a path (validate-mapping.ts): the cast cannot fail on them.
  jsonText: (c, path) => `(CAST(${c} AS jsonb) #>> '{${path.join(',')}}')`,
  same: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
};

export const MYSQL: SqlDialect = {
  name: 'mysql',
  quote: doubled('`'),
  // The session runs with time_zone '+00:00', so UNIX_TIMESTAMP reads DATETIME values as UTC.
  epochMs: (c) => `(UNIX_TIMESTAMP(${c}) * 1000)`,
  timeRange: (c, _type, range, add) => `${c} >= CAST(${add(spaced(range.from))} AS DATETIME(6)) AND ${c} < CAST(${add(spaced(range.to))} AS DATETIME(6))`,
  asText: (e) => `CAST(${e} AS CHAR)`,
  asNumber: (e) => `CAST(${e} AS DOUBLE)`,
  isFalse: (c) => `(${c} = 0)`,
  contains: (h, n) => `INSTR(LOWER(${h}), LOWER(${n})) > 0`,
  // JSON_UNQUOTE of a JSON null gives the text 'null': tested apart.
  jsonText: (c, path) =>
    `(CASE WHEN JSON_VALID(${c}) AND JSON_TYPE(JSON_EXTRACT(${c}, ${jsonPath(path)})) <> 'NULL' THEN JSON_UNQUOTE(JSON_EXTRACT(${c}, ${jsonPath(path)})) END)`,
  same: (a, b) => `${a} <=> ${b}`,
};

export const SQLITE: SqlDialect = {
  name: 'sqlite',
  quote: doubled('"'),
  // Django and most apps store `YYYY-MM-DD HH:MM:SS[.ffffff]` text; julianday reads it and ISO alike.
  epochMs: (c) => `CAST(round((julianday(${c}) - 2440587.5) * 86400000.0) AS INTEGER)`,
  timeRange: (c, _type, range, add) => {
    // Text times come as Django writes them (`YYYY-MM-DD HH:MM:SS[.ffffff]`, compared as text: fast) or
    // as ISO with 'T', with or without 'Z' or an offset: strftime normalises those to UTC first. A
    // whole-day text range around both (offsets are under a day) lets an index narrow the scan.
    const utc = `strftime('%Y-%m-%d %H:%M:%f', ${c})`;
    // Padding past 9999-12-31 gives '+010000-…', which sorts before every time: clamp to the calendar's ends.
    const day = (iso: string, days: number) => {
      const padded = new Date(Date.parse(iso) + days * 86_400_000).toISOString();
      return /^\+/.test(padded) ? '9999-12-31~' : /^-/.test(padded) ? '0000-01-01' : padded.slice(0, 10);
    };
    // Plain = Django's or JS's spaced text with 0, 3 or 6 fraction digits (others take the strftime way):
    // one GLOB each costs half of the substr/instr tests this replaced, on every row of the range.
    const digits = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
    const plain = `(${c} GLOB '${digits}' OR ${c} GLOB '${digits}.[0-9][0-9][0-9]' OR ${c} GLOB '${digits}.[0-9][0-9][0-9][0-9][0-9][0-9]')`;
    return `${c} >= ${add(day(range.from, -1))} AND ${c} < ${add(day(range.to, 2))}
     AND CASE WHEN ${plain} THEN ${c} >= ${add(bare(range.from))} AND ${c} < ${add(bare(range.to))}
              ELSE ${utc} >= ${add(spaced(range.from))} AND ${utc} < ${add(spaced(range.to))} END`;
  },
  asText: (e) => `CAST(${e} AS TEXT)`,
  asNumber: (e) => `CAST(${e} AS REAL)`,
  isFalse: (c) => `(${c} = 0 OR lower(CAST(${c} AS TEXT)) = 'false')`,
  contains: (h, n) => `instr(lower(${h}), lower(${n})) > 0`,
  jsonText: (c, path) => `(CASE WHEN json_valid(${c}) THEN CAST(json_extract(${c}, ${jsonPath(path)}) AS TEXT) END)`,
  same: (a, b) => `${a} IS ${b}`,
};

export function sqlDialect(name: Dialect | undefined): SqlDialect {
  return name === 'mysql' ? MYSQL : name === 'sqlite' ? SQLITE : POSTGRES;
}
