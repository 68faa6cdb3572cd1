import { z } from 'zod';
import type { Filters } from '../../../../shared/filters.ts';
import {
  ErrorTypeCount,
  KeyAliasCount,
  ModelCount,
  Remainder,
  TimelineByModelPoint,
  TimelinePoint,
  type Investigation,
} from '../../../../shared/investigation.ts';
import type { Database } from '../../db/database.ts';
import { mapErrorRow } from '../../query/error-row.ts';
import { resolveQuery } from '../../query/resolve-query.ts';
import { fillTimeline } from '../../query/timeline.ts';
import { errorSetParams, investigationSql } from './error-query.ts';
import { readAttempts } from './attempts-query.ts';
import { readFirstRows } from './first-rows.ts';
import { checkScanSize } from './scan-estimate.ts';
import { detectSchema, schemaNotes } from './schema.ts';
import type { InvestigateOptions } from '../call-source.ts';

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

/** Runs the investigation of DESIGN §2 in one read-only snapshot: totals, breakdowns and the newest rows. */
export async function investigate(db: Database, filters: Filters, options: InvestigateOptions) {
  const query = resolveQuery(filters, options.now);
  return db.readOnly(async (sql): Promise<Investigation> => {
    const schema = await detectSchema(sql);
    const params = errorSetParams(query);
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
    options.onProgress?.('Counting the matching errors');
    const [agg] = await sql.query(investigationSql(schema, query), statementParams);
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
    options.onProgress?.('Counting the failed attempts');
    const attempts = await readAttempts(sql, schema, params, {
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
  }, options);
}
