import type { SqlParam } from '../../db/database.ts';
import { bare, commonColumnKind, doubled, jsonPath, spaced, type SqlDialect } from './dialect-types.ts';
import { substituteQuestionParams } from './question-literals.ts';
import { mapSqliteError } from './sqlite-errors.ts';

/** Padding past 9999-12-31 gives '+010000-…', which sorts before every time: clamp to the calendar's ends. */
function day(iso: string, days: number): string {
  const padded = new Date(Date.parse(iso) + days * 86_400_000).toISOString();
  return /^\+/.test(padded) ? '9999-12-31~' : /^-/.test(padded) ? '0000-01-01' : padded.slice(0, 10);
}

/** The whole days around a range, as text: an index on the column narrows the scan to them. */
function dayCover(c: string, range: { from: string; to: string }, add: (value: SqlParam) => string): string {
  return `${c} >= ${add(day(range.from, -1))} AND ${c} < ${add(day(range.to, 2))}`;
}

export const SQLITE: SqlDialect = {
  name: 'sqlite',
  placeholder: () => '?',
  inline: (sql, params) => substituteQuestionParams('sqlite', sql, params),
  readOnlyBegin: 'PRAGMA query_only = ON',
  mapError: (err, where, context) =>
    mapSqliteError(err instanceof Error ? err.message : String(err), where, context?.busyMs ?? 0),
  catalog: {
    tables: `SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY 1`,
    columns: (table) => `SELECT name, type FROM pragma_table_info(${table}) ORDER BY cid`,
    columnKind: commonColumnKind,
    login: `SELECT 'file' AS who, 'main' AS db, sqlite_version() AS version`,
  },
  quote: doubled('"'),
  // Django and most apps store `YYYY-MM-DD HH:MM:SS[.ffffff]` text; julianday reads it and ISO alike.
  epochMs: (c) => `CAST(round((julianday(${c}) - 2440587.5) * 86400000.0) AS INTEGER)`,
  timeRange: (c, _type, range, add) => {
    // Text times come as Django writes them (`YYYY-MM-DD HH:MM:SS[.ffffff]`, compared as text: fast) or
    // as ISO with 'T', with or without 'Z' or an offset: strftime normalises those to UTC first. A
    // whole-day text range around both (offsets are under a day) lets an index narrow the scan.
    const utc = `strftime('%Y-%m-%d %H:%M:%f', ${c})`;
    // Plain = Django's or JS's spaced text with 0, 3 or 6 fraction digits (others take the strftime way),
    // on every row of the range: the length picks the one GLOB that can match (each pattern has one
    // length), 0.64 → 0.42 s of CPU a scan of 1M rows where three ORed GLOBs tried in turn.
    const digits = '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]';
    const plain = `(CASE length(${c}) WHEN 19 THEN ${c} GLOB '${digits}' WHEN 23 THEN ${c} GLOB '${digits}.[0-9][0-9][0-9]' WHEN 26 THEN ${c} GLOB '${digits}.[0-9][0-9][0-9][0-9][0-9][0-9]' END)`;
    return `${dayCover(c, range, add)}
     AND CASE WHEN ${plain} THEN ${c} >= ${add(bare(range.from))} AND ${c} < ${add(bare(range.to))}
              ELSE ${utc} >= ${add(spaced(range.from))} AND ${utc} < ${add(spaced(range.to))} END`;
  },
  // Every spelling timeRange reads lies in the padded whole days (offsets are under a day; numbers sort
  // before text and are never in it): the models to price need no per-row spelling test (≈ 0.4 s a 1M scan).
  timeRangeCover: (c, _type, range, add) => dayCover(c, range, add),
  asText: (e) => `CAST(${e} AS TEXT)`,
  asNumber: (e) => `CAST(${e} AS REAL)`,
  // Only text (or blob) can spell 'false': numbers skip the cast and lower() on every row (0.33 → 0.22 s a 1M-row scan).
  isFalse: (c) => `(${c} = 0 OR (typeof(${c}) IN ('text', 'blob') AND lower(CAST(${c} AS TEXT)) = 'false'))`,
  contains: (h, n) => `instr(lower(${h}), lower(${n})) > 0`,
  jsonText: (c, path) =>
    `(CASE WHEN json_valid(${c}) THEN CAST(json_extract(${c}, ${jsonPath(path)}) AS TEXT) END)`,
  same: (a, b) => `${a} IS ${b}`,
};
