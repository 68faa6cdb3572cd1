import type { Finding, HealthReport, TableHealth } from '../../../../shared/health.ts';
import type { SqlRunner } from '../../db/database.ts';
import { checkedMapping, type MappedDatabase } from './investigate.ts';
import { fieldSql, timeRangeSql } from './query-sql.ts';
import { Params, sqlDialect, type SqlDialect } from '../../sql/dialects/sql-dialect.ts';
import { tableHealth } from '../../health/catalog.ts';
import { gapFinding } from '../../health/findings.ts';
import { findGaps, GAP_SCAN_MAX_MS } from '../../health/gaps.ts';
import type { HealthOptions } from '../../health/health-check.ts';

type Range = { from: string; to: string };

/** Size and row count of a mapped table from what each engine's catalog offers. */
async function mappedTableSize(sql: SqlRunner, d: SqlDialect, table: string): Promise<TableHealth | null> {
  if (d.name === 'postgres') return (await tableHealth(sql, [table]))[0] ?? null;
  const base = {
    toastBytes: 0,
    deadTuples: null,
    liveTuples: null,
    lastVacuum: null,
    lastAnalyze: null,
    partitioned: false,
    partitions: 0,
  };
  if (d.name === 'mysql') {
    const [r] = await sql.query(
      `SELECT data_length AS t, index_length AS i, table_rows AS n FROM information_schema.TABLES WHERE table_schema = DATABASE() AND table_name = ?`,
      [table],
    );
    if (!r) return null;
    return {
      table,
      rowsEstimate: Number(r.n ?? 0),
      tableBytes: Number(r.t ?? 0),
      indexBytes: Number(r.i ?? 0),
      totalBytes: Number(r.t ?? 0) + Number(r.i ?? 0),
      ...base,
    };
  }
  // SQLite keeps no per-table sizes without the dbstat extension: the whole file's, said as such in a note.
  const [r] = await sql.query(
    `SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()`,
  );
  return {
    table,
    rowsEstimate: 0,
    tableBytes: Number(r?.bytes ?? 0),
    indexBytes: 0,
    totalBytes: Number(r?.bytes ?? 0),
    ...base,
  };
}

/** Is `column` the first column of some index of `table`? */
async function leadsAnIndex(sql: SqlRunner, d: SqlDialect, table: string, column: string): Promise<boolean> {
  const rows =
    d.name === 'postgres'
      ? await sql.query(
          `SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indrelid = to_regclass(quote_ident($1)) AND a.attname = $2`,
          [table, column],
        )
      : d.name === 'mysql'
        ? await sql.query(
            `SELECT 1 FROM information_schema.STATISTICS WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ? AND seq_in_index = 1`,
            [table, column],
          )
        : await sql.query(
            `SELECT 1 FROM pragma_index_list(?) il JOIN pragma_index_info(il.name) ii WHERE ii.seqno = 0 AND ii.name = ?`,
            [table, column],
          );
  return rows.length > 0;
}

function missingTimeIndex(d: SqlDialect, table: string, column: string): Finding {
  const name = `${table}_${column}_idx`.slice(0, 60);
  const statement =
    d.name === 'postgres'
      ? `CREATE INDEX CONCURRENTLY ${d.quote(name)} ON ${d.quote(table)} (${d.quote(column)});`
      : d.name === 'mysql'
        ? `CREATE INDEX ${d.quote(name)} ON ${d.quote(table)} (${d.quote(column)}) ALGORITHM=INPLACE LOCK=NONE;`
        : `CREATE INDEX ${d.quote(name)} ON ${d.quote(table)} (${d.quote(column)});`;
  return {
    kind: 'missing_index',
    area: 'health',
    severity: 'problem',
    title: `No index on "${table}" (${column})`,
    count: 1,
    unit: 'index',
    explanation:
      'Every view reads a time range of this table: without an index on the time column each one reads the whole table. A DBA would run the statement below (Logdesk never writes).',
    certainty: 'certain',
    touches: null,
    where: null,
    details: [statement],
  };
}

/**
 * What a mapped table's engine offers (DESIGN §9 sources on PostgreSQL, MySQL/MariaDB, SQLite):
 * its size, whether the time column is indexed, logging gaps and repeated request ids.
 */
export async function mappedHealthCheck(
  db: MappedDatabase,
  range: Range,
  options: HealthOptions,
): Promise<HealthReport> {
  const started = Date.now();
  const d = sqlDialect(db.dialect);
  return db.readOnly(async (sql) => {
    const checked = await checkedMapping(sql, db);
    const table = checked.mapping.table;
    const timeColumn = checked.mapping.columns.time!;
    const findings: Finding[] = [];
    const notes: string[] = [];
    const size = await mappedTableSize(sql, d, table);
    if (d.name === 'sqlite')
      notes.push('SQLite keeps no per-table sizes: the size shown is the whole database file.');
    if (!(await leadsAnIndex(sql, d, table, timeColumn)))
      findings.push(missingTimeIndex(d, table, timeColumn));

    const toMs = Date.parse(range.to);
    const fromMs = Math.ceil(Math.max(Date.parse(range.from), toMs - GAP_SCAN_MAX_MS) / 60_000) * 60_000;
    const p = new Params(d.name);
    const where = timeRangeSql(checked, d, { from: new Date(fromMs).toISOString(), to: range.to }, p);
    const minutes = await sql.query(
      `SELECT FLOOR(t_ms / 60000) AS m, COUNT(*) AS n FROM (SELECT ${d.epochMs(d.quote(timeColumn))} AS t_ms FROM ${d.quote(table)} WHERE ${where}) x GROUP BY FLOOR(t_ms / 60000)`,
      p.values,
    );
    const gap = gapFinding(
      findGaps(new Map(minutes.map((r) => [Number(r.m) * 60_000, Number(r.n)])), fromMs, toMs),
    );
    if (gap) findings.push(gap);

    if (checked.mapping.columns.requestId) {
      const q = new Params(d.name);
      const rid = fieldSql(checked, d).text('requestId');
      const dups = await sql.query(
        `SELECT rid, COUNT(*) AS n FROM (SELECT ${rid} AS rid FROM ${d.quote(table)} WHERE ${timeRangeSql(checked, d, range, q)}) x
          WHERE rid IS NOT NULL GROUP BY rid HAVING COUNT(*) > 1 ORDER BY COUNT(*) DESC, rid LIMIT 1000`,
        q.values,
      );
      if (dups.length) {
        findings.push({
          kind: 'duplicate_ids',
          area: 'integrity',
          severity: 'problem',
          title: `${dups.length.toLocaleString('en-US')} request id${dups.length === 1 ? '' : 's'} of "${table}" occur more than once`,
          count: dups.length,
          unit: 'ids',
          explanation:
            'Several rows share a request id: counts by row overcount the calls (a retry logged twice, or an id the application reuses).',
          certainty: 'certain',
          touches: range,
          where: { tab: 'traffic', ...range, models: [], keyAliases: [] },
          details: dups.slice(0, 10).map((r) => `${String(r.rid)}: ${Number(r.n)} rows`),
        });
      }
    }
    return {
      source: db.description,
      engine: d.name,
      range,
      checkedAt: new Date(options.now).toISOString(),
      findings,
      tables: size ? [size] : [],
      jsonColumns: [],
      growth: [],
      oldestRow: null,
      reconciliation: [],
      notVisible: [],
      notes,
      timings: { totalMs: Date.now() - started },
    };
  }, options);
}
