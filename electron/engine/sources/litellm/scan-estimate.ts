import { AppError } from '../../../../shared/errors.ts';
import type { SqlParam, SqlRunner } from '../../db/database.ts';

/** Warn before a query the planner expects to read more rows than this (DESIGN §9 issue 9). */
export const DEFAULT_LARGE_SCAN_ROWS = 5_000_000;

interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  Schema?: string;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

function scans(node: PlanNode, out: PlanNode[]): PlanNode[] {
  if (node['Relation Name']) out.push(node);
  for (const child of node.Plans ?? []) scans(child, out);
  return out;
}

/**
 * Rows the planner expects `sql` to read: every table scan counts. A sequential scan reads its whole
 * table whatever its filter keeps, so it counts the table's row estimate (pg_class.reltuples); other
 * scans count the rows they return. Only on real protocol sessions: psql over exec runs each
 * statement inside COPY, where EXPLAIN is not allowed (null then: no estimate).
 */
export async function estimateRowsRead(
  sql: SqlRunner,
  statement: string,
  params: readonly SqlParam[],
): Promise<number | null> {
  if (!sql.cursors) return null;
  const [row] = await sql.query<{ 'QUERY PLAN': unknown }>(
    `EXPLAIN (FORMAT JSON, VERBOSE) ${statement}`,
    params,
  );
  const raw = row?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
  const nodes = scans(plan[0]!.Plan, []);
  let total = 0;
  for (const node of nodes) {
    const planned = node['Plan Rows'] ?? 0;
    if (!/Seq Scan/.test(node['Node Type'] ?? '')) {
      total += planned;
      continue;
    }
    const [rel] = await sql.query<{ reltuples: number | string }>(
      `SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = $1 AND n.nspname = COALESCE($2, current_schema())`,
      [node['Relation Name']!, node.Schema ?? null],
    );
    // -1: never analysed; the planner's own row count is the best guess then.
    total += Math.max(planned, Number(rel?.reltuples ?? 0));
  }
  return Math.round(total);
}

/**
 * The threshold a read must be checked against: none when none is set, or when the database is known
 * to hold no more rows than it in all (Database.rowsAtMost: the embedded demo), so no EXPLAIN is run.
 */
export function scanLimitFor(limit: number | undefined, rowsAtMost: number | undefined): number | undefined {
  return limit !== undefined && (rowsAtMost === undefined || rowsAtMost > limit) ? limit : undefined;
}

/** Refuses a query estimated to read more than `limit` rows, saying the estimate (code LARGE_SCAN). */
export async function checkScanSize(
  sql: SqlRunner,
  statement: string,
  params: readonly SqlParam[],
  limit: number,
): Promise<void> {
  const estimate = await estimateRowsRead(sql, statement, params);
  if (estimate === null || estimate <= limit) return;
  throw new AppError(
    'LARGE_SCAN',
    `This query would read about ${estimate.toLocaleString('en-US')} rows (the warning threshold is ${limit.toLocaleString('en-US')}): narrow the time range or filters, or run it anyway`,
    String(estimate),
  );
}
