import type { Finding, JsonWeight, TableHealth } from '../../../shared/health.ts';
import { parseDuration } from '../../../shared/time-range.ts';
import type { SqlRunner } from '../db/database.ts';
import { storedRelation } from '../db/stored-relation.ts';
import { SPEND_LOGS } from '../sources/litellm/schema.ts';

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(String(v)).toISOString());
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * Sizes (summed over partitions), dead tuples and the last (auto)vacuum and analyze of each table:
 * pg_class, pg_partition_tree and pg_stat_user_tables, which any role may read.
 */
export async function tableHealth(sql: SqlRunner, tables: readonly string[]): Promise<TableHealth[]> {
  const rows = await sql.query(
    `SELECT t.name AS table_name, c.relkind = 'p' AS partitioned,
            (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid)::int AS partitions,
            (SELECT COALESCE(sum(GREATEST(pc.reltuples, 0)), 0) FROM unnest(r.rels) AS p(relid) JOIN pg_class pc ON pc.oid = p.relid)::float8 AS rows_estimate,
            (SELECT COALESCE(sum(pg_total_relation_size(p.relid)), 0) FROM unnest(r.rels) AS p(relid))::float8 AS total_bytes,
            (SELECT COALESCE(sum(pg_relation_size(p.relid)), 0) FROM unnest(r.rels) AS p(relid))::float8 AS table_bytes,
            (SELECT COALESCE(sum(pg_indexes_size(p.relid)), 0) FROM unnest(r.rels) AS p(relid))::float8 AS index_bytes,
            (SELECT COALESCE(sum(pg_total_relation_size(NULLIF(pc.reltoastrelid, 0))), 0) FROM unnest(r.rels) AS p(relid) JOIN pg_class pc ON pc.oid = p.relid)::float8 AS toast_bytes,
            (SELECT sum(st.n_dead_tup) FROM unnest(r.rels) AS p(relid) JOIN pg_stat_user_tables st ON st.relid = p.relid)::float8 AS dead,
            (SELECT sum(st.n_live_tup) FROM unnest(r.rels) AS p(relid) JOIN pg_stat_user_tables st ON st.relid = p.relid)::float8 AS live,
            (SELECT max(GREATEST(st.last_vacuum, st.last_autovacuum)) FROM unnest(r.rels) AS p(relid) JOIN pg_stat_user_tables st ON st.relid = p.relid) AS last_vacuum,
            (SELECT max(GREATEST(st.last_analyze, st.last_autoanalyze)) FROM unnest(r.rels) AS p(relid) JOIN pg_stat_user_tables st ON st.relid = p.relid) AS last_analyze
       FROM unnest($1::text[]) WITH ORDINALITY AS t(name, ord)
       JOIN pg_class c ON c.oid = ${storedRelation('t.name')}
      -- pg_partition_tree lists nothing for a plain table: then the table alone.
      CROSS JOIN LATERAL (SELECT COALESCE((SELECT array_agg(pt.relid::oid) FROM pg_partition_tree(c.oid) pt), ARRAY[c.oid]) AS rels) r
      ORDER BY t.ord`,
    [tables],
  );
  return rows.map((r) => ({
    table: String(r.table_name),
    rowsEstimate: Number(r.rows_estimate),
    totalBytes: Number(r.total_bytes),
    tableBytes: Number(r.table_bytes),
    indexBytes: Number(r.index_bytes),
    toastBytes: Number(r.toast_bytes),
    deadTuples: num(r.dead),
    liveTuples: num(r.live),
    lastVacuum: iso(r.last_vacuum),
    lastAnalyze: iso(r.last_analyze),
    partitioned: r.partitioned === true || r.partitioned === 't',
    partitions: Number(r.partitions),
  }));
}

/** Dead rows a DELETE left behind that no VACUUM has reclaimed yet (LiteLLM #16582). */
export function bloatFindings(tables: readonly TableHealth[]): Finding[] {
  return tables.flatMap((t): Finding[] => {
    const dead = t.deadTuples ?? 0;
    // Statistics reset (a restart, a restored snapshot) leave n_live_tup at 0: ANALYZE's count is then the better one.
    const live = Math.max(t.liveTuples ?? 0, t.rowsEstimate);
    if (dead < 1000 || dead / (dead + live) < 0.2) return [];
    const share = Math.round((dead / (dead + live)) * 100);
    return [
      {
        kind: 'bloat',
        severity: 'warning',
        area: 'health',
        title: `"${t.table}" is ${share}% dead rows`,
        count: dead,
        unit: 'dead rows',
        explanation:
          `${dead.toLocaleString('en-US')} dead against ${live.toLocaleString('en-US')} live rows: a large DELETE (LiteLLM's retention job deletes in batches, #16582) ` +
          `leaves the table and its indexes at their old size until VACUUM runs; last vacuum: ${t.lastVacuum ?? 'never'}. ` +
          'A DBA would run the statement below (Logdesk never writes); VACUUM FULL or pg_repack gives the space back to the disk.',
        certainty: 'likely',
        touches: null,
        where: null,
        details: [
          `VACUUM (ANALYZE) "${t.table}";`,
          `table ${mb(t.tableBytes)}, indexes ${mb(t.indexBytes)}, TOAST ${mb(t.toastBytes)}`,
        ],
      },
    ];
  });
}

const JSON_PARTS: { column: string; expr: (cols: ReadonlySet<string>) => string | null }[] = [
  {
    column: 'metadata.model_map_information',
    expr: (c) => (c.has('metadata') ? `s.metadata->'model_map_information'` : null),
  },
  { column: 'messages', expr: (c) => (c.has('messages') ? 's.messages' : null) },
  { column: 'response', expr: (c) => (c.has('response') ? 's.response' : null) },
  {
    column: 'proxy_server_request',
    expr: (c) => (c.has('proxy_server_request') ? 's.proxy_server_request' : null),
  },
];
export const JSON_SAMPLE_ROWS = 500;

/** The JSON columns' average size and share of the row over the newest rows (a sample read through the startTime index). */
export async function jsonWeights(
  sql: SqlRunner,
  columns: ReadonlySet<string>,
): Promise<{ weights: JsonWeight[]; rowBytes: number | null }> {
  const parts = JSON_PARTS.map((p) => ({ column: p.column, expr: p.expr(columns) })).filter(
    (p): p is { column: string; expr: string } => p.expr !== null,
  );
  const [row] = await sql.query(
    `SELECT avg(row_bytes)::float8 AS row_bytes${parts.map((_, i) => `, avg(c${i})::float8 AS c${i}`).join('')}
       FROM (SELECT pg_column_size(s.*) AS row_bytes${parts.map((p, i) => `, COALESCE(pg_column_size(${p.expr}), 0) AS c${i}`).join('')}
               FROM "${SPEND_LOGS}" s ORDER BY s."startTime" DESC LIMIT ${JSON_SAMPLE_ROWS}) sample`,
  );
  const rowBytes = Number(row?.row_bytes ?? 0);
  if (!rowBytes) return { weights: [], rowBytes: null };
  const weights = parts
    .map((p, i) => ({
      column: p.column,
      avgBytes: Math.round(Number(row?.[`c${i}`] ?? 0)),
      shareOfRow: Math.min(1, Number(row?.[`c${i}`] ?? 0) / rowBytes),
    }))
    .sort((a, b) => b.avgBytes - a.avgBytes);
  return { weights, rowBytes };
}

/** A JSON column taking most of every row (model_map_information ≈ 65%, LiteLLM #41499). */
export function jsonFindings(weights: readonly JsonWeight[], spendLogs: TableHealth | undefined): Finding[] {
  return weights
    .filter((w) => w.shareOfRow >= 0.4 && w.avgBytes >= 1024)
    .map((w) => ({
      kind: 'json_weight' as const,
      severity: 'warning' as const,
      area: 'health' as const,
      title: `${w.column} takes ${Math.round(w.shareOfRow * 100)}% of each SpendLogs row`,
      count: w.avgBytes,
      unit: 'bytes per row',
      explanation:
        `Sampled over the newest ${JSON_SAMPLE_ROWS} rows: ${w.avgBytes.toLocaleString('en-US')} bytes on average` +
        (spendLogs
          ? `, about ${mb(spendLogs.totalBytes * w.shareOfRow)} of the table's ${mb(spendLogs.totalBytes)}`
          : '') +
        '. LiteLLM stores it on every row (#41499); not storing it, or shorter retention, shrinks the table.',
      certainty: 'likely' as const,
      touches: null,
      where: null,
      details: [],
    }));
}

/** The indexes LiteLLM's own queries need (its schema.prisma; DESIGN §1). */
export const NEEDED_INDEXES: { table: string; columns: string[]; name: string; why: string }[] = [
  {
    table: SPEND_LOGS,
    columns: ['startTime'],
    name: 'LiteLLM_SpendLogs_startTime_idx',
    why: 'every time-range query (LiteLLM #9201: a 429 s sequential scan at 11M rows)',
  },
  {
    table: SPEND_LOGS,
    columns: ['startTime', 'request_id'],
    name: 'LiteLLM_SpendLogs_startTime_request_id_idx',
    why: 'the logs page, newest first (PR #40733)',
  },
  {
    table: SPEND_LOGS,
    columns: ['end_user'],
    name: 'LiteLLM_SpendLogs_end_user_idx',
    why: 'per end-user spend',
  },
  {
    table: SPEND_LOGS,
    columns: ['session_id'],
    name: 'LiteLLM_SpendLogs_session_id_idx',
    why: 'session views',
  },
  {
    table: 'LiteLLM_DailyUserSpend',
    columns: ['date'],
    name: 'LiteLLM_DailyUserSpend_date_idx',
    why: 'the usage dashboard',
  },
  {
    table: 'LiteLLM_DailyTeamSpend',
    columns: ['date'],
    name: 'LiteLLM_DailyTeamSpend_date_idx',
    why: 'the team usage dashboard',
  },
];

/** Needed indexes no existing index starts with (read from pg_index, which any role may read). */
export async function missingIndexes(
  sql: SqlRunner,
  present: (table: string) => boolean,
  partitioned: (table: string) => boolean,
): Promise<Finding[]> {
  const wanted = NEEDED_INDEXES.filter((n) => present(n.table));
  if (!wanted.length) return [];
  const rows = await sql.query<{ table_name: string; cols: string[] | string }>(
    `SELECT t.name AS table_name, ARRAY(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                                       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS cols
       FROM unnest($1::text[]) AS t(name) JOIN pg_index i ON i.indrelid = ${storedRelation('t.name')}
      WHERE i.indpred IS NULL`,
    [[...new Set(wanted.map((w) => w.table))]],
  );
  const indexes = rows.map((r) => ({
    table: r.table_name,
    cols: Array.isArray(r.cols)
      ? r.cols
      : String(r.cols)
          .replace(/^\{|\}$/g, '')
          .split(',')
          .map((c) => c.replace(/^"|"$/g, '')),
  }));
  const missing = wanted.filter(
    (w) => !indexes.some((i) => i.table === w.table && w.columns.every((c, k) => i.cols[k] === c)),
  );
  return missing.map((m) => {
    const cols = m.columns.map((c) => `"${c}"`).join(', ');
    const statement = partitioned(m.table)
      ? `CREATE INDEX "${m.name}" ON ONLY "${m.table}" (${cols}); -- then CREATE INDEX CONCURRENTLY on each partition and ALTER INDEX … ATTACH PARTITION`
      : `CREATE INDEX CONCURRENTLY "${m.name}" ON "${m.table}" (${cols});`;
    return {
      kind: 'missing_index' as const,
      severity: 'problem' as const,
      area: 'health' as const,
      title: `No index on "${m.table}" (${m.columns.join(', ')})`,
      count: 1,
      unit: 'index',
      explanation: `LiteLLM's schema declares it for ${m.why}; without it those queries read the whole table. A DBA would run the statement below (Logdesk never writes).`,
      certainty: 'certain' as const,
      touches: null,
      where: null,
      details: [statement],
    };
  });
}

/**
 * LiteLLM's retention setting (`maximum_spend_logs_retention_period` in general_settings, stored in
 * LiteLLM_Config when the proxy keeps its config in the database) against the oldest row.
 */
export async function retentionFinding(
  sql: SqlRunner,
  configReadable: boolean,
  oldest: string | null,
  now: number,
): Promise<{ finding: Finding | null; setting: string | null }> {
  if (!configReadable || !oldest) return { finding: null, setting: null };
  const [row] = await sql.query<{ v: string | null }>(
    `SELECT param_value->>'maximum_spend_logs_retention_period' AS v FROM "LiteLLM_Config" WHERE param_name = 'general_settings' LIMIT 1`,
  );
  const setting = row?.v ?? null;
  const ms = setting ? parseDuration(setting) : null;
  if (!setting || ms === null) return { finding: null, setting };
  const cutoff = now - ms;
  // A day of slack: the cleanup job runs on its own interval.
  if (Date.parse(oldest) >= cutoff - 86_400_000) return { finding: null, setting };
  const days = Math.floor((cutoff - Date.parse(oldest)) / 86_400_000);
  return {
    setting,
    finding: {
      kind: 'retention',
      severity: 'warning',
      area: 'health',
      title: `SpendLogs keeps rows ${days} days past its retention of ${setting}`,
      count: days,
      unit: 'days',
      explanation: `The oldest row is from ${oldest}, but maximum_spend_logs_retention_period is ${setting}: LiteLLM's cleanup job is not running (it needs the proxy's scheduler and, with several pods, its lock) or cannot keep up.`,
      certainty: 'likely',
      touches: { from: oldest, to: new Date(cutoff).toISOString() },
      where: null,
      details: [],
    },
  };
}
