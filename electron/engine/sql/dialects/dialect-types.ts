import type { ColumnKind, Dialect } from '../../../../shared/source-mapping.ts';
import type { AppError } from '../../../../shared/errors.ts';
import type { SqlParam } from '../../db/database.ts';

/** What an engine's catalog answers: the tables of the current schema/database, a table's columns, who is logged in. */
export interface SqlCatalog {
  /** `name` of every table and view, sorted. */
  tables: string;
  /** `name`, `type` of the table's columns in order; `table` is the placeholder of its name. */
  columns(table: string): string;
  /** The declared column type as the kind a mapping checks against. */
  columnKind(declared: string): ColumnKind;
  /** One row: `who`, `db`, `version`. */
  login: string;
}

/**
 * What differs between PostgreSQL, MySQL/MariaDB and SQLite in the SQL a mapped source needs.
 * Identifiers are quoted by each engine's rules (the quote character doubled inside); values only
 * ever travel as placeholders collected by `Params`.
 */
export interface SqlDialect {
  name: Dialect;
  /** The n-th (1-based) bound value's placeholder: `$n` for PostgreSQL, `?` for the others. */
  placeholder(n: number): string;
  /**
   * The statement with each placeholder replaced by a literal, for clients that cannot bind (psql,
   * mysql, sqlite3 over exec); refuses what the client would not pass through verbatim.
   */
  inline(sql: string, params: readonly SqlParam[]): string;
  /** What opens a read: a read-only transaction (a SQLite file is opened read-only and made query_only). */
  readOnlyBegin: string;
  catalog: SqlCatalog;
  /**
   * The driver's or server's error as a code a user can act on; `where` names the target without
   * secrets. `connected`: the session was up (a reset is then a lost connection); `busyMs`: SQLite's lock wait.
   */
  mapError(err: unknown, where: string, context?: { connected?: boolean; busyMs?: number }): AppError;
  quote(identifier: string): string;
  /** Milliseconds since the epoch (UTC) of a time column, as a number. */
  epochMs(column: string): string;
  /**
   * `column` in [from, to) for a time column of this declared type, the instants bound through `add`;
   * written so an index on the column can serve the range.
   */
  timeRange(
    column: string,
    columnType: string,
    range: { from: string; to: string },
    add: (value: SqlParam) => string,
  ): string;
  /**
   * A cheaper condition every row of `timeRange`'s range meets (it may keep more), for reads where a
   * superset is as good (the models to price); absent where `timeRange` is already the cheap one.
   */
  timeRangeCover?(
    column: string,
    columnType: string,
    range: { from: string; to: string },
    add: (value: SqlParam) => string,
  ): string;
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

/** An instant as `YYYY-MM-DD HH:MM:SS.SSS` (UTC), how MySQL binds DATETIME and SQLite's strftime writes it. */
export const spaced = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace(/Z$/, '');

/** As `spaced`, without a zero fraction: Python writes `HH:MM:SS` when the microseconds are 0, which sorts before `HH:MM:SS.000`. */
export const bare = (iso: string) => spaced(iso).replace(/\.000$/, '');

/** `$."a"."b"`: the JSON path MySQL and SQLite take. */
export const jsonPath = (path: readonly string[]) => `'$${path.map((k) => `."${k}"`).join('')}'`;

export const doubled = (q: string) => (identifier: string) => `${q}${identifier.split(q).join(q + q)}${q}`;

/** Column kinds every engine shares; the MySQL dialect checks its 1-bit booleans first. */
export function commonColumnKind(declared: string): ColumnKind {
  const t = declared.toLowerCase();
  if (/bool/.test(t)) return 'boolean';
  if (/json/.test(t)) return 'json';
  if (/timestamp|datetime|^date$|^date\b/.test(t)) return 'time';
  if (/^(tiny|small|medium|big)?int(eger)?\b|^int\d|serial|numeric|decimal|double|float|real|money/.test(t))
    return 'number';
  return 'text';
}
