import { z } from 'zod';
import type { ResolvedQuery } from '../../../../shared/investigation.ts';
import { bucketStarts } from '../../../../shared/time-range.ts';
import type { Database, ReadOptions, SqlRunner } from '../../db/database.ts';
import type { PatternCells } from '../call-source.ts';
import { inSeriesOrder, seriesFromRows, seriesSql } from './dimension-series.ts';
import { FLUSH_ROW, PatternRowCells } from './pattern-row-cells.ts';
import {
  BUCKET,
  BUCKET_NUMBER,
  errorSetCte,
  errorSetParams,
  investigationColumns,
  type CategoryQuery,
} from './error-query.ts';
import { detectSchema, type LiteLLMSchema } from './schema.ts';

/*
 * The database pre-groups messages so patterns cost one aggregate instead of shipping every error.
 * The key must never join two messages that insights/mask.ts masks differently: it replaces only
 * parts that maskMessage turns into one `<*>` whatever their content, and only where they stand
 * between delimiters no mask pattern reads across (bar URLs, which swallow such parts whole either
 * way). Everything else stays as written, so a key is finer than (or equal to) the JS mask and Drain,
 * run over one example per key, groups exactly as over every row.
 */
/** Delimiters around a replaced part: ASCII whitespace, quotes, brackets, `=`, `,`, `;`, `|`. */
const EDGE = String.raw`\t\n\v\f\r '"()<>\[\]{}=,;|`;
/** A URL as mask.ts's first pattern, up to a character that pattern stops at (ASCII only). */
const URL_PART = String.raw`[a-z][a-z0-9+.-]{1,15}://[!#-&*-;=?-Z\\^-z|~]+`;
const UUID_PART = String.raw`(?=[a-f-]*[0-9])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;
const PREFIXED_ID = String.raw`(?:org|req|chatcmpl|cmpl|call|run|msg|file|asst|thread|resp|batch)[-_](?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{6,}`;
/** Hex with a digit (8+ long), then plain numbers: mask.ts's hash and number patterns. */
const HEX_PART = String.raw`(?=[a-f]*[0-9])[0-9a-f]{8,}`;
/** A number after `code:` stays (mask.ts keeps an HTTP status there; keeping any such number is only finer). */
const NUMBER_PART = String.raw`(?<![Cc][Oo][Dd][Ee]:[^0-9A-Za-z]*)[0-9]+(?:\.[0-9]+)?`;
const part = (re: string) => `$re$(?<![^${EDGE}])(?:${re})(?![^${EDGE}])$re$`;

/**
 * One pass per kind, in this order (one regex of all kinds costs PostgreSQL 6× more; the guards skip
 * the costlier passes where a cheap test shows they cannot match). A part next to an earlier pass's
 * marker (chr(1) is no delimiter) stays as written, which only makes the key finer.
 */
/** Guards test the message as written: a pass can only match where its guard holds on the original. */
export const MESSAGE_KEY_PASSES: { re: string; guard?: string }[] = [
  { re: part(URL_PART), guard: `strpos(error_message, '://') > 0` },
  { re: part(UUID_PART), guard: `error_message ~ '[0-9a-f]{8}-[0-9a-f]{4}-'` },
  { re: part(PREFIXED_ID) },
  { re: part(HEX_PART) },
  { re: part(NUMBER_PART) },
];

function keyPasses(): string {
  return MESSAGE_KEY_PASSES.reduce((text, { re, guard }) => {
    const replaced = `regexp_replace(${text}, ${re}, chr(1), 'g')`;
    // Only one branch runs: `text` is computed once per row.
    return guard ? `(CASE WHEN ${guard} THEN ${replaced} ELSE ${text} END)` : replaced;
  }, 'error_message');
}

/**
 * The pre-grouping key of `error_message`. Only messages maskMessage does not cut (≤ 1,500 UTF-16
 * units, so ≤ 1,500 bytes) and without the marker character are keyed by their masked form; the rest
 * by their own text.
 */
export const MESSAGE_KEY_SQL = `CASE WHEN error_message IS NULL THEN ''
       WHEN octet_length(error_message) <= 1500 AND strpos(error_message, chr(1)) = 0
         THEN 'm' || ${keyPasses()}
       ELSE 'r' || error_message END`;

const TIME = (expr: string) => `to_char(${expr}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * One statement over one error set: pattern cells (errors per message key, model, key alias, error
 * type and status — a pattern never spans two statuses —, newest first, with their newest row and per-bucket counts) and the per-dimension series.
 * $15 bucket seconds, $16 values kept per dimension.
 */
export function patternCellsSql(schema: LiteLLMSchema, q?: CategoryQuery): string {
  return `${errorSetCte(schema, q)},
numbered AS MATERIALIZED (
  SELECT request_id, t, model, key_alias, error_type, status_code, error_message,
         row_number() OVER (ORDER BY t DESC, request_id DESC) AS rn,
         ${MESSAGE_KEY_SQL} AS mkey,
         ${BUCKET} AS b
    FROM filtered),
cells AS (
  SELECT mkey, error_type, status_code, model, key_alias, b, count(*)::int AS n, min(rn) AS first_rn, min(t) AS lo, max(t) AS hi
    FROM numbered GROUP BY 1, 2, 3, 4, 5, 6),
groups AS (
  SELECT sum(n)::int AS n, min(first_rn) AS first_rn, min(lo) AS lo, max(hi) AS hi,
         json_agg(json_build_array(b, n)) AS buckets
    FROM cells GROUP BY mkey, error_type, status_code, model, key_alias),
${seriesSql('cells', 'b', 'n')}
SELECT (SELECT COALESCE(json_agg(json_build_object(
          'request_id', x.request_id, 'time', ${TIME('x.t')}, 'model', x.model, 'key_alias', x.key_alias,
          'error_type', x.error_type, 'status_code', x.status_code, 'error_message', x.error_message,
          'n', g.n, 'first_seen', ${TIME('g.lo')}, 'last_seen', ${TIME('g.hi')}, 'buckets', g.buckets) ORDER BY g.first_rn), '[]'::json)
          FROM groups g JOIN numbered x ON x.rn = g.first_rn) AS cells,
       (SELECT COALESCE(json_agg(json_build_array(dim, v, b, n) ORDER BY dim, v, b), '[]'::json) FROM series) AS series`;
}

const Cell = z.object({
  request_id: z.string(),
  time: z.string(),
  model: z.string().nullable(),
  key_alias: z.string().nullable(),
  error_type: z.string(),
  status_code: z.string().nullable(),
  error_message: z.string().nullable(),
  n: z.number().int(),
  first_seen: z.string(),
  last_seen: z.string(),
  buckets: z.array(z.tuple([z.string(), z.number().int()])),
});
const SeriesRow = z.tuple([z.string(), z.string().nullable(), z.string(), z.number().int()]);

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/**
 * Up to this many errors, patterns read the errors' few grouped fields as they are and Node keys the
 * cells: keying in SQL costs PostgreSQL ≈ 100 µs a message in regex passes (most of the whole
 * picture at 1M rows), Node's mask a fraction of that. Past it, the SQL key bounds what is shipped:
 * the rows arrive as one result (≈ +70 MiB of CLI peak memory at 50k errors; the CLI keeps ≤ 300 MiB).
 */
export const RAW_CELLS_LIMIT = 60_000;

/** The columns of a pattern row: an error's grouped fields with its rank, or a series row (`dim` set). */
const PATTERN_ROW_NULLS = `NULL::bigint AS rn, NULL::text AS request_id, NULL::text AS time, NULL::text AS model,
       NULL::text AS key_alias, NULL::text AS error_type, NULL::text AS status_code, NULL::text AS error_message,
       NULL::text AS dim, NULL::text AS v, NULL::float8 AS b, NULL::int AS n`;

/**
 * The two SELECTs of pattern rows over `filtered` and `series`: the grouped fields of the newest
 * `limit` errors, newest first (a LIMIT keeps the sort of its branch, and UNION ALL runs its branches
 * in order: PatternRowCells checks the order), each with its bucket number `b`; then, in rows with
 * `dim` set, the per-dimension series by bucket number, ranked (`rn`) by dimension, value and bucket
 * as the database sorts them (ties in spike order keep it) (BUCKET_NUMBER: written as text once per
 * series row in Node, not once per error). `lead` goes first in each SELECT's column list.
 */
function patternRowSelects(limit: string, lead = ''): string {
  return `(SELECT ${lead}NULL::bigint AS rn, request_id, ${TIME('t')} AS time, model, key_alias, error_type, status_code,
        error_message, NULL::text AS dim, NULL::text AS v, ${BUCKET_NUMBER}::float8 AS b, NULL::int AS n
   FROM filtered
  ORDER BY t DESC, request_id DESC
  LIMIT ${limit})
UNION ALL
SELECT ${lead}row_number() OVER (ORDER BY dim, v, b), NULL, NULL, NULL, NULL, NULL, NULL, NULL, dim, v, b, n FROM series`;
}

/**
 * `series` over `filtered` by bucket number, read from one grouping of the errors by bucket and the
 * three dimensions (a few thousand rows) instead of every error once per dimension.
 */
const seriesOfFiltered = (perDimension: string) => `by_dimensions AS (
  SELECT ${BUCKET_NUMBER} AS b, model, key_alias, error_type, count(*)::int AS n
    FROM filtered GROUP BY 1, 2, 3, 4),
${seriesSql('by_dimensions', 'b', 'n', perDimension)}`;

/**
 * One statement over one error set: pattern rows (patternRowSelects) of the newest $17 errors.
 * $15 bucket seconds, $16 values kept per dimension, $17 rows at most.
 */
export function patternRowsSql(schema: LiteLLMSchema, q?: CategoryQuery): string {
  return `${errorSetCte(schema, q)},
${seriesOfFiltered('$16::int')}
${patternRowSelects('$17::int')}`;
}

/**
 * The investigation (investigationSql's columns as one JSON object `agg`, in the first row) and then
 * the pattern rows of the same error set, computed once: streamed (SqlRunner.firstThenRest), the first row is the
 * investigation's answer, the rest what patterns read. $15 bucket seconds, $16 newest rows, $17
 * values kept per dimension, $18 pattern rows at most.
 */
export function investigationWithPatternRowsSql(schema: LiteLLMSchema, q?: CategoryQuery): string {
  return `${errorSetCte(schema, q)},
${seriesOfFiltered('$17::int')}
SELECT (SELECT row_to_json(a) FROM (SELECT ${investigationColumns(schema)}) a) AS agg,
       ${PATTERN_ROW_NULLS}
UNION ALL
SELECT NULL::json, NULL, NULL, NULL, NULL, NULL, NULL, NULL, repeat(' ', 16384), '${FLUSH_ROW}', NULL, NULL, NULL
UNION ALL
${patternRowSelects('$18::int', 'NULL::json AS agg, ')}`;
}

/**
 * Pattern cells in the order of their newest error, and the spike series, from one read: up to
 * RAW_CELLS_LIMIT errors keyed in Node (patternRowsSql), else keyed in SQL (patternCellsSql).
 */
export async function patternCells(
  db: Database,
  query: ResolvedQuery,
  options: ReadOptions & { perDimension?: number; rawLimit?: number } = {},
): Promise<PatternCells> {
  const rawLimit = options.rawLimit ?? RAW_CELLS_LIMIT;
  const perDimension = options.perDimension ?? 20;
  return db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    const cells = new PatternRowCells(query, rawLimit);
    const rows = await sql.query(patternRowsSql(schema, query), [
      ...errorSetParams(query),
      query.bucketSeconds,
      perDimension,
      rawLimit + 1,
    ]);
    for (const row of rows) cells.add(row);
    rows.length = 0;
    return cells.result() ?? keyedInSql(sql, schema, query, perDimension);
  }, options);
}

/** Cells keyed in SQL (patternCellsSql), in the session `sql`: past RAW_CELLS_LIMIT errors. */
export async function keyedInSql(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  query: ResolvedQuery,
  perDimension: number,
): Promise<PatternCells> {
  const buckets = bucketStarts(query, query.bucketSeconds);
  const index = new Map(buckets.map((b, i) => [b, i]));
  const [row] = await sql.query(patternCellsSql(schema, query), [
    ...errorSetParams(query),
    query.bucketSeconds,
    perDimension,
  ]);
  const cells = z
    .array(Cell)
    .parse(json(row?.cells ?? '[]'))
    .map((c) => ({
      example: {
        requestId: c.request_id,
        time: c.time,
        model: c.model,
        keyAlias: c.key_alias,
        errorType: c.error_type,
        statusCode: c.status_code,
        errorMessage: c.error_message,
      },
      count: c.n,
      firstSeen: c.first_seen,
      lastSeen: c.last_seen,
      // A bucket outside the grid (never, for rows in range) is dropped, as the row-by-row grouper drops it.
      buckets: c.buckets.map(([b, n]) => [index.get(b) ?? -1, n] as const),
    }));
  const rows = z.array(SeriesRow).parse(json(row?.series ?? '[]'));
  const series = inSeriesOrder(
    seriesFromRows(
      rows.map(([dim, v, b, n]) => ({ dim, v, b, n })),
      buckets,
      (r) => String(r.b),
    ),
  );
  return { cells, series };
}
