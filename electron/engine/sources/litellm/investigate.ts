import { z } from 'zod';
import type { Filters } from '../../../../shared/filters.ts';
import {
  ErrorTypeCount,
  KeyAliasCount,
  ModelCount,
  Remainder,
  TimelineByModelPoint,
  TimelinePoint,
  type FailedAttempts,
  type Investigation,
  type ResolvedQuery,
} from '../../../../shared/investigation.ts';
import type { Database, SqlRunner } from '../../db/database.ts';
import { mapErrorRow } from '../../query/error-row.ts';
import { resolveQuery } from '../../query/resolve-query.ts';
import { fillTimeline } from '../../query/timeline.ts';
import { errorSetParams, investigationSql } from './error-query.ts';
import { attemptsReader, type AttemptsContext } from './attempts-query.ts';
import { readFirstRows } from './first-rows.ts';
import { investigationWithPatternRowsSql, keyedInSql, RAW_CELLS_LIMIT } from './pattern-cells.ts';
import { PatternRowCells } from './pattern-row-cells.ts';
import { checkScanSize, scanLimitFor } from './scan-estimate.ts';
import { detectSchema, schemaNotes, type LiteLLMSchema } from './schema.ts';
import type { InvestigateOptions, PatternCells } from '../call-source.ts';

/** A breakdown as the SQL returns it: the top values and one remainder for the rest. */
const ranked = <T extends z.ZodType>(item: T) =>
  z
    .object({ top: z.array(item), otherValues: z.coerce.number(), otherCount: z.coerce.number() })
    .transform((b) => ({
      top: b.top,
      rest: Remainder.parse({ values: b.otherValues, count: b.otherCount }),
    }));

/** JSON columns arrive parsed from pg/PGlite and as text from psql. */
function json(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

/** Values kept per spike dimension in the pattern rows (as computeInsights reads them). */
const PER_DIMENSION = 20;

/** `rawLimit`: pattern rows read with the investigation at most (tests set it low). */
type Options = InvestigateOptions & { rawLimit?: number };

interface Read {
  query: ResolvedQuery;
  schema: LiteLLMSchema;
}

/**
 * Runs the investigation of DESIGN §2 in one read-only snapshot: totals, breakdowns and the newest
 * rows. With `onPatternCells`, where the session streams rows (`firstThenRest`), the same statement
 * goes on to the rows patterns group (the error set computed once for the whole picture): the
 * investigation is answered from its first row, then the rest is read in the same transaction and
 * handed over as the patterns' cells (null when that read fails or is stopped: patterns then read
 * for themselves).
 */
export async function investigate(db: Database, filters: Filters, given: Options): Promise<Investigation> {
  const query = resolveQuery(filters, given.now);
  // No EXPLAIN where the database cannot reach the threshold (0.1–0.2 s on the demo).
  const options: Options = { ...given, largeScanRows: scanLimitFor(given.largeScanRows, db.rowsAtMost) };
  let deliver!: (investigation: Investigation) => void;
  const delivered = new Promise<Investigation>((resolve) => (deliver = resolve));
  // Stopping the patterns' read past the answer cancels its statement like the caller's signal would.
  const stop = new AbortController();
  const signal =
    options.onPatternCells && options.signal
      ? AbortSignal.any([options.signal, stop.signal])
      : options.onPatternCells
        ? stop.signal
        : options.signal;
  const read = db.readOnly((sql) => investigateIn(sql, query, options, deliver), {
    ...options,
    ...(signal ? { signal } : {}),
  });
  const investigation = await Promise.race([delivered, read.then(() => delivered)]);
  // Past the answer, a failed read costs only the pre-read patterns.
  options.onPatternCells?.(
    read.catch(() => null),
    () => stop.abort(),
  );
  return investigation;
}

/** Delivers the investigation, then resolves the patterns' cells where they were read with it. */
async function investigateIn(
  sql: SqlRunner,
  query: ResolvedQuery,
  options: Options,
  deliver: (investigation: Investigation) => void,
): Promise<PatternCells | null> {
  const schema = await detectSchema(sql);
  const params = errorSetParams(query);
  const read = { query, schema };
  const statementParams = [...params, query.bucketSeconds, query.limit];
  if (options.largeScanRows !== undefined) {
    options.onProgress?.('Estimating the rows to read');
    await checkScanSize(sql, investigationSql(schema, query), statementParams, options.largeScanRows);
  }
  if (options.onFirstRows && sql.bounded) {
    options.onProgress?.('Reading the newest errors');
    const first = await readFirstRows(sql, schema, params, query.limit, options.firstRowsTimeoutMs, query);
    if (first) options.onFirstRows(first.map((r) => mapErrorRow(r)));
  }
  if (!options.onPatternCells || !sql.firstThenRest) {
    options.onProgress?.('Counting the matching errors');
    const [agg] = await sql.query(investigationSql(schema, query), statementParams);
    options.onProgress?.('Counting the failed attempts');
    const attempts = await attemptsReader(sql, schema, params);
    deliver(investigationOf(read, agg, attempts));
    return null;
  }
  const rawLimit = options.rawLimit ?? RAW_CELLS_LIMIT;
  // Before the statement: the session answers nothing else until it ends.
  options.onProgress?.('Counting the failed attempts');
  const attempts = await attemptsReader(sql, schema, params);
  options.onProgress?.('Counting the matching errors');
  // The pattern rows are keyed into cells as they arrive, while the database still works.
  const cells = new PatternRowCells(query, rawLimit);
  const { first, rest } = sql.firstThenRest(
    investigationWithPatternRowsSql(schema, query),
    [...statementParams, PER_DIMENSION, rawLimit + 1],
    (row) => cells.add(row),
  );
  // The investigation's row is the statement's first (UNION ALL runs its parts in order).
  const agg = await first;
  deliver(investigationOf(read, json(agg?.agg) as Record<string, unknown> | undefined, attempts));
  await rest;
  return cells.result() ?? keyedInSql(sql, schema, query, PER_DIMENSION);
}

/** The investigation from its aggregate row (investigationSql's columns) and the failed attempts. */
function investigationOf(
  { query, schema }: Read,
  agg: Record<string, unknown> | undefined,
  attemptsOf: (context: AttemptsContext) => FailedAttempts,
): Investigation {
  if (!agg) throw new Error('the aggregate query returned no row');
  // Our own json_agg of objects: checked for shape, not copied through zod (a 100k-row result
  // would be held three times over at once: pg's parse, zod's copy, the mapped rows).
  const rows = json(agg.newest);
  if (!Array.isArray(rows) || rows.some((r) => typeof r !== 'object' || r === null))
    throw new Error('the newest rows are not a JSON array of objects');
  const timelineByModel = z.array(TimelineByModelPoint).parse(json(agg.timeline_by_model));
  const byModel = ranked(ModelCount).parse(json(agg.by_model));
  const byErrorType = ranked(ErrorTypeCount).parse(json(agg.by_error_type));
  const byKeyAlias = ranked(KeyAliasCount).parse(json(agg.by_key_alias));
  const attempts = attemptsOf({
    standIn: agg.stand_in === true || agg.stand_in === 't',
    deploymentFailures: Number(agg.deployment_failures ?? 0),
  });
  const notes = schemaNotes(schema);
  if (attempts.note) notes.push(attempts.note);
  return {
    query,
    total: Number(agg.total),
    byModel: byModel.top,
    byErrorType: byErrorType.top,
    byKeyAlias: byKeyAlias.top,
    others: { byModel: byModel.rest, byErrorType: byErrorType.rest, byKeyAlias: byKeyAlias.rest },
    timeline: fillTimeline(query, z.array(TimelinePoint).parse(json(agg.timeline))),
    timelineByModel,
    errors: rows.map((r: Record<string, unknown>) => mapErrorRow(r)),
    failedAttempts: attempts.total,
    attempts,
    notes,
  };
}
