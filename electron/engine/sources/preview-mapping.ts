import type { CallResult } from '../../../shared/contract/index.ts';
import { Filters } from '../../../shared/filters.ts';
import type { SourceMapping } from '../../../shared/source-mapping.ts';
import type { TimeRange } from '../../../shared/time-range.ts';
import type { Database } from '../db/database.ts';
import { resolveQuery } from '../query/resolve-query.ts';
import { tableColumns } from './introspect.ts';
import { relatedColumns } from './mapped/investigate.ts';
import { MappedSource } from './mapped/mapped-source.ts';
import { Params, sqlDialect } from '../sql/dialects/sql-dialect.ts';
import { mappingProblems } from './validate-mapping.ts';

const PREVIEW_ROWS = 5;

/**
 * The mapping form's preview: every problem of the mapping at its field, or, when it holds, the
 * calls and failures over the range and the newest failures, read exactly as the errors view reads them.
 */
export async function previewMapping(
  db: Database,
  mapping: SourceMapping,
  timeRange: TimeRange,
  now: number,
): Promise<CallResult<'sources.preview'>> {
  const dialect = db.dialect;
  const query = resolveQuery(Filters.parse({ timeRange, limit: PREVIEW_ROWS }), now);
  const empty = { from: query.from, to: query.to, calls: 0, failures: 0, rows: [] };
  const [columns, related] = await db.readOnly(
    async (sql) =>
      [await tableColumns(sql, dialect, mapping.table), await relatedColumns(sql, dialect, mapping)] as const,
  );
  const problems = mappingProblems(mapping, columns, db.description, related);
  if (problems.length) return { ...empty, problems };
  const d = sqlDialect(dialect);
  const timeColumn = mapping.columns.time!;
  const timeType = columns!.find((c) => c.name === timeColumn)?.type ?? '';
  const p = new Params(dialect);
  const inRange = d.timeRange(d.quote(timeColumn), timeType, { from: query.from, to: query.to }, (v) =>
    p.add(v),
  );
  const [counted] = await db.readOnly((sql) =>
    sql.query<{ n: unknown }>(
      `SELECT count(*) AS n FROM ${d.quote(mapping.table)} WHERE ${inRange}`,
      p.values,
    ),
  );
  const investigation = await new MappedSource(db, mapping).investigate(
    Filters.parse({ timeRange: { kind: 'absolute', from: query.from, to: query.to }, limit: PREVIEW_ROWS }),
    { now },
  );
  return {
    problems: [],
    from: query.from,
    to: query.to,
    calls: Number(counted?.n ?? 0),
    failures: investigation.total,
    rows: investigation.errors,
  };
}
