import type { Finding, HealthReport, ReconciliationRow } from '../../../shared/health.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Database, SqlRunner } from '../db/database.ts';
import {
  detectSchema,
  ERROR_LOGS,
  SPEND_LOGS,
  VERIFICATION_TOKEN,
  type LiteLLMSchema,
} from '../sources/litellm/schema.ts';
import { DAILY_TAG, DAILY_TEAM, DAILY_USER, detectDailyTables } from '../traffic/daily.ts';
import {
  bloatFindings,
  jsonWeights,
  jsonFindings,
  missingIndexes,
  retentionFinding,
  tableHealth,
} from './catalog.ts';
import { gapFinding, notVisibleFinding, reconciliationFindings } from './findings.ts';
import { findGaps, GAP_SCAN_MAX_MS, minuteCounts } from './gaps.ts';
import { reconcile, type DailySource } from './reconcile.ts';
import { duplicateIds, emptyErrorInfo, errorLogsOff, zeroSpend } from './row-checks.ts';
import { grantFor, tableAccess } from './visibility.ts';
import type { HealthOptions } from './health-options.ts';

export type { HealthOptions } from './health-options.ts';

const CONFIG = 'LiteLLM_Config';
const LOG_TABLES = [SPEND_LOGS, ERROR_LOGS, DAILY_USER, DAILY_TEAM, DAILY_TAG];
const DAY = 86_400_000;
const floorDay = (ms: number) => Math.floor(ms / DAY) * DAY;

/** Integrity and health of a LiteLLM database over [from, to), in one read-only snapshot (issue #25). */
export async function healthCheck(
  db: Database,
  range: { from: string; to: string },
  options: HealthOptions,
): Promise<HealthReport> {
  if (db.dialect !== 'postgres') {
    throw new AppError(
      'BAD_ARGUMENT',
      `A ${db.dialect} database is checked through a table mapping (--table/--map, or a profile's table): LiteLLM's own tables live in PostgreSQL`,
    );
  }
  const started = Date.now();
  return db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    const daily = await detectDailyTables(sql);
    const access = await tableAccess(sql, [...LOG_TABLES, VERIFICATION_TOKEN, CONFIG]);
    const present = (t: string) => access.get(t)?.present ?? false;
    const readable = (t: string) => present(t) && (access.get(t)?.readable ?? false);
    const notVisible = [...LOG_TABLES, VERIFICATION_TOKEN, CONFIG]
      .filter((t) => present(t) && !readable(t))
      .map((t) => ({ what: `rows of "${t}" (${WHAT_NEEDS[t] ?? 'its checks'})`, needs: grantFor(t) }));
    const tables = await tableHealth(sql, LOG_TABLES.filter(present));
    const isPartitioned = (t: string) => tables.find((h) => h.table === t)?.partitioned ?? false;
    const findings: Finding[] = [];
    const notes: string[] = [];
    let reconciliation: ReconciliationRow[] = [];
    let growth: HealthReport['growth'] = [];
    let jsonColumns: HealthReport['jsonColumns'] = [];
    let oldestRow: string | null = null;

    if (schema.spendLogs && readable(SPEND_LOGS)) {
      oldestRow = await oldest(sql);
      const dailySources: DailySource[] = [
        ...(daily.user && readable(DAILY_USER) ? [{ table: DAILY_USER, columns: daily.user }] : []),
        ...(daily.team && readable(DAILY_TEAM) ? [{ table: DAILY_TEAM, columns: daily.team }] : []),
      ];
      const integrity = await integrityChecks(
        sql,
        schema,
        range,
        dailySources,
        oldestRow,
        readable(ERROR_LOGS),
        readable(VERIFICATION_TOKEN),
      );
      findings.push(...integrity.findings);
      notes.push(...integrity.notes);
      reconciliation = integrity.reconciliation;
      const sample = await jsonWeights(sql, schema.spendLogs);
      jsonColumns = sample.weights;
      const logsTable = tables.find((t) => t.table === SPEND_LOGS);
      // The table's bytes per row (indexes and TOAST included) once ANALYZE has counted its rows, else the sampled row size.
      const bytesPerRow =
        logsTable && logsTable.rowsEstimate > 0
          ? logsTable.totalBytes / logsTable.rowsEstimate
          : sample.rowBytes;
      growth = [...integrity.perDay]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, rows]) => ({
          day,
          rows,
          bytesEstimate: bytesPerRow === null ? null : Math.round(rows * bytesPerRow),
        }));
      findings.push(...jsonFindings(jsonColumns, logsTable));
      const retention = await retentionFinding(sql, readable(CONFIG), oldestRow, options.now);
      if (retention.finding) findings.push(retention.finding);
      if (oldestRow)
        notes.push(
          `Oldest SpendLogs row: ${oldestRow}${retention.setting ? ` (retention setting ${retention.setting})` : ''}.`,
        );
    }
    findings.push(...(await missingIndexes(sql, present, isPartitioned)));
    findings.push(...bloatFindings(tables));
    const hidden = notVisibleFinding(notVisible);
    if (hidden) findings.push(hidden);
    const spendLogs = tables.find((t) => t.table === SPEND_LOGS);
    if (spendLogs)
      notes.push(
        spendLogs.partitioned
          ? `"${SPEND_LOGS}" is partitioned (${spendLogs.partitions} partitions).`
          : `"${SPEND_LOGS}" is not partitioned.`,
      );
    return {
      source: db.description,
      engine: 'postgres' as const,
      range,
      checkedAt: new Date(options.now).toISOString(),
      findings,
      tables,
      jsonColumns,
      growth,
      oldestRow,
      reconciliation,
      notVisible,
      notes,
      timings: { totalMs: Date.now() - started },
    };
  }, options);
}

const WHAT_NEEDS: Record<string, string> = {
  [SPEND_LOGS]:
    'reconciliation, gaps, duplicate ids, zero spend, error information, JSON sizes, growth, oldest row',
  [ERROR_LOGS]: 'duplicate ids of failed attempts, whether error logging is on',
  [DAILY_USER]: 'reconciliation per user',
  [DAILY_TEAM]: 'reconciliation per team',
  [DAILY_TAG]: 'nothing yet: listed for completeness',
  [VERIFICATION_TOKEN]: 'key aliases in place of key hashes',
  [CONFIG]: 'the retention setting',
};

async function oldest(sql: SqlRunner): Promise<string | null> {
  const [row] = await sql.query<{ t: string | null }>(
    `SELECT to_char(min("startTime"), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t FROM "${SPEND_LOGS}"`,
  );
  return row?.t ?? null;
}

async function keyAliases(sql: SqlRunner, keys: readonly string[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const rows = await sql.query<{ token: string; key_alias: string | null }>(
    `SELECT token, key_alias FROM "${VERIFICATION_TOKEN}" WHERE token = ANY($1::text[]) AND NULLIF(key_alias, '') IS NOT NULL`,
    [keys],
  );
  return new Map(rows.map((r) => [r.token, r.key_alias!]));
}

async function integrityChecks(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  range: { from: string; to: string },
  dailySources: DailySource[],
  oldestRow: string | null,
  errorLogsReadable: boolean,
  tokensReadable: boolean,
) {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const fromMs = Date.parse(range.from);
  const toMs = Date.parse(range.to);
  const scanFrom = Math.max(fromMs, toMs - GAP_SCAN_MAX_MS);
  if (scanFrom > fromMs) notes.push(`Gaps were looked for over the last 31 days of the range only.`);
  const minuteStart = Math.ceil(scanFrom / 60_000) * 60_000;
  const gaps = findGaps(
    await minuteCounts(sql, new Date(minuteStart).toISOString(), range.to),
    minuteStart,
    toMs,
  );
  const gap = gapFinding(gaps);
  if (gap) findings.push(gap);
  const gapDays = new Set(gaps.map((g) => g.from.slice(0, 10)));
  // The daily tables count whole UTC days: compare over the days the range touches.
  const days = {
    from: new Date(floorDay(fromMs)).toISOString(),
    to: new Date(floorDay(toMs - 1) + DAY).toISOString(),
  };
  const { rows, perDay } = await reconcile(sql, schema, dailySources, days, {
    oldestDay: oldestRow?.slice(0, 10) ?? null,
    gapDays,
  });
  if (!dailySources.length) notes.push('No readable LiteLLM daily table: spend reconciliation skipped.');
  const aliases = tokensReadable
    ? await keyAliases(sql, [...new Set(rows.map((r) => r.key))])
    : new Map<string, string>();
  findings.push(...reconciliationFindings(rows, (k) => aliases.get(k) ?? null));
  for (const table of [SPEND_LOGS, ...(schema.errorLogs && errorLogsReadable ? [ERROR_LOGS] : [])]) {
    const dup = await duplicateIds(sql, table, range);
    if (dup) findings.push(dup);
  }
  // One after another: a session runs one statement at a time (psql over exec cannot queue them).
  const checks = [
    () => zeroSpend(sql, schema, range),
    () => emptyErrorInfo(sql, schema, range),
    () => errorLogsOff(sql, schema, range, errorLogsReadable),
  ];
  for (const check of checks) {
    const f = await check();
    if (f) findings.push(f);
  }
  return { findings, notes, reconciliation: rows, perDay };
}
