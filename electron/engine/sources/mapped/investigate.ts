import type { Filters } from '../../../../shared/filters.ts';
import type { ErrorRow, Investigation, ResolvedQuery } from '../../../../shared/investigation.ts';
import { mapsField, type SourceMapping, type TableColumn } from '../../../../shared/source-mapping.ts';
import type { Database, ReadOptions, SqlRunner } from '../../db/database.ts';
import { fillTimeline } from '../../query/timeline.ts';
import { mapErrorRow } from '../../query/error-row.ts';
import { resolveQuery } from '../../query/resolve-query.ts';
import { tableColumns } from '../introspect.ts';
import { breakdownsSql, failureRowsSql } from './query-sql.ts';
import { sqlDialect, type SqlDialect } from '../../sql/dialects/sql-dialect.ts';
import { fromSlices, tableEdge } from './time-slices.ts';
import {
  checkMapping,
  relatedTables,
  type CheckedMapping,
  type RelatedColumns,
} from '../validate-mapping.ts';

/** A database plus the table and mapping that make it a source of calls (DESIGN §9). */
export class MappedDatabase implements Database {
  readonly description: string;
  readonly dialect: Database['dialect'];

  constructor(
    readonly inner: Database,
    readonly mapping: SourceMapping,
  ) {
    this.description = `${inner.description} table ${mapping.table}`;
    this.dialect = inner.dialect;
  }

  readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options?: ReadOptions): Promise<T> {
    return this.inner.readOnly(work, options);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** The columns of the price and lookup tables a mapping names, as they are now. */
export async function relatedColumns(
  sql: SqlRunner,
  dialect: Database['dialect'],
  mapping: SourceMapping,
): Promise<RelatedColumns> {
  const related = new Map<string, TableColumn[] | null>();
  for (const table of relatedTables(mapping)) related.set(table, await tableColumns(sql, dialect, table));
  return related;
}

/** Re-checks the mapping against the table as it is now: a dropped table or column gets a clear error. */
export async function checkedMapping(sql: SqlRunner, db: MappedDatabase): Promise<CheckedMapping> {
  const dialect = db.dialect;
  const columns = await tableColumns(sql, dialect, db.mapping.table);
  return checkMapping(
    db.mapping,
    columns,
    db.inner.description,
    await relatedColumns(sql, dialect, db.mapping),
  );
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Count descending, then the value (nulls last) by code unit, so every engine's collation gives the same order. */
function byCount<K extends string>(key: K, counts: Map<string | null, number>) {
  return [...counts]
    .sort(([a, n], [b, m]) => m - n || (a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0))
    .map(([v, count]) => ({ [key]: v, count }) as { [P in K]: string | null } & { count: number });
}

export function mapRow(r: Record<string, unknown>, index: number): ErrorRow {
  const time = new Date(Math.round(Number(r.t_ms))).toISOString();
  // A mapped table has no api_base and no LiteLLM tables as sources; the rest maps as LiteLLM's rows do.
  // Set on the mapped row, not spread into a copy of every raw row (≈ 8 µs a row: 0.4 s of patterns at 50k failures).
  const row = mapErrorRow(r);
  row.requestId =
    r.request_id === null || r.request_id === undefined ? `${time}#${index}` : String(r.request_id);
  row.time = time;
  row.apiBase = null;
  row.sources = [];
  return row;
}

const FIELD_NOTES: [keyof SourceMapping['columns'], string][] = [
  ['keyAlias', 'no key column is mapped: the key alias breakdown is empty'],
  ['errorMessage', 'no error message column is mapped: patterns group by error type only'],
];

/** The errors investigation of a mapped source: the same result shape as LiteLLM's, from one snapshot. */
/** The newest matching failures: from a slice before the table's newest time when one holds them all. */
async function newestFailures(
  sql: SqlRunner,
  checked: CheckedMapping,
  d: SqlDialect,
  query: ResolvedQuery,
): Promise<Record<string, unknown>[]> {
  if (query.limit <= 0) return [];
  const read = async (q: ResolvedQuery) => {
    const built = failureRowsSql(checked, d, q);
    return sql.query(built.sql, built.params);
  };
  const anchor = await tableEdge(sql, checked, d, 'max');
  const sliced = await fromSlices(query, anchor, true, query.limit, (start) =>
    read({ ...query, from: new Date(start).toISOString() }),
  );
  return sliced ?? read(query);
}

export async function investigateMapped(
  db: MappedDatabase,
  filters: Filters,
  options: ReadOptions & { now: number },
): Promise<Investigation> {
  const query = resolveQuery(filters, options.now);
  const d = sqlDialect(db.dialect);
  return db.readOnly(async (sql) => {
    const checked = await checkedMapping(sql, db);
    const breakdown = breakdownsSql(checked, d, query);
    const groups = await sql.query(breakdown.sql, breakdown.params);
    const rows = await newestFailures(sql, checked, d, query);
    const counts = {
      m: new Map<string | null, number>(),
      e: new Map<string | null, number>(),
      k: new Map<string | null, number>(),
      p: new Map<string | null, number>(),
    };
    const whole = {
      m: { values: 0, count: 0 },
      e: { values: 0, count: 0 },
      k: { values: 0, count: 0 },
      p: { values: 0, count: 0 },
    };
    const timelineByModel: Investigation['timelineByModel'] = [];
    const perBucket: Investigation['timeline'] = [];
    const bucketOf = (b: unknown) => new Date(Number(b) * query.bucketSeconds * 1000).toISOString();
    for (const g of groups) {
      const dim = String(g.dim);
      const n = Number(g.n ?? 0);
      if (dim === 't') timelineByModel.push({ bucket: bucketOf(g.b), model: String(g.v), count: n });
      else if (dim === 'T') perBucket.push({ bucket: bucketOf(g.b), count: n });
      else if (dim === 'm' || dim === 'e' || dim === 'k' || dim === 'p') counts[dim].set(str(g.v), n);
      else if (dim === 'M' || dim === 'E' || dim === 'K' || dim === 'P')
        whole[dim.toLowerCase() as 'm' | 'e' | 'k' | 'p'] = { values: Number(g.b), count: n };
    }
    timelineByModel.sort((a, b) =>
      a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : a.model < b.model ? -1 : a.model > b.model ? 1 : 0,
    );
    const rest = (dim: 'm' | 'e' | 'k' | 'p') => {
      const listed = [...counts[dim].values()];
      return {
        values: whole[dim].values - listed.length,
        count: whole[dim].count - listed.reduce((a, b) => a + b, 0),
      };
    };
    return {
      query,
      total: whole.m.count,
      byModel: byCount('model', counts.m).map((c) => ({ model: c.model ?? '(unknown)', count: c.count })),
      byErrorType: byCount('errorType', counts.e).map((c) => ({
        errorType: c.errorType ?? 'Unknown',
        count: c.count,
      })),
      byKeyAlias: byCount('keyAlias', counts.k),
      ...(db.mapping.columns.provider ? { byProvider: byCount('provider', counts.p) } : {}),
      others: {
        byModel: rest('m'),
        byErrorType: rest('e'),
        byKeyAlias: rest('k'),
        ...(db.mapping.columns.provider ? { byProvider: rest('p') } : {}),
      },
      timeline: fillTimeline(query, perBucket),
      timelineByModel,
      errors: rows.map(mapRow),
      notes: FIELD_NOTES.filter(([field]) => !mapsField(db.mapping, field)).map(([, note]) => note),
    };
  }, options);
}
