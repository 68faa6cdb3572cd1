import type { ReconciliationRow } from '../../../shared/health.ts';
import type { SqlRunner } from '../db/database.ts';
import { inRange, spendFailed } from '../sources/litellm/error-query.ts';
import { SPEND_LOGS, type LiteLLMSchema } from '../sources/litellm/schema.ts';

/** LiteLLM's `_update_daily_spend` wrote the first 100 entries of a flush and dropped the rest (LiteLLM #29292). */
export const FLUSH_LIMIT = 100;

interface Figures {
  requests: number;
  failed: number;
  tokens: number;
  spend: number;
}
type Side = { day: string; model: string; api_key: string } & Figures;

const ZERO: Figures = { requests: 0, failed: 0, tokens: 0, spend: 0 };
const num = (v: unknown) => Number(v ?? 0);
const figures = (r: Record<string, unknown>): Figures => ({
  requests: num(r.requests),
  failed: num(r.failed),
  tokens: num(r.tokens),
  spend: num(r.spend),
});

/** $1, $2: the whole UTC days around the range (ISO). One row per day, deployment model and key. */
async function spendLogsSide(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  days: { from: string; to: string },
): Promise<Side[]> {
  const rows = await sql.query(
    `SELECT to_char(s."startTime", 'YYYY-MM-DD') AS day, COALESCE(s.model, '') AS model, COALESCE(s.api_key, '') AS api_key,
            count(*)::int AS requests, count(*) FILTER (WHERE ${spendFailed(schema)})::int AS failed,
            COALESCE(sum(s.prompt_tokens + s.completion_tokens), 0)::float8 AS tokens, COALESCE(sum(s.spend), 0)::float8 AS spend
       FROM "${SPEND_LOGS}" s
      WHERE ${inRange('s')}
      GROUP BY 1, 2, 3`,
    [days.from, days.to],
  );
  return rows.map((r) => ({
    day: String(r.day),
    model: String(r.model),
    api_key: String(r.api_key),
    ...figures(r),
  }));
}

/** The daily table's rows for the same days ($1, $2: YYYY-MM-DD), and the days a flush wrote exactly 100 rows. */
async function dailySide(
  sql: SqlRunner,
  table: string,
  columns: ReadonlySet<string>,
  days: { from: string; to: string },
) {
  const range = [days.from.slice(0, 10), days.to.slice(0, 10)];
  const rows = await sql.query(
    `SELECT date AS day, COALESCE(model, '') AS model, api_key,
            sum(api_requests)::int AS requests, sum(failed_requests)::int AS failed,
            sum(prompt_tokens + completion_tokens)::float8 AS tokens, sum(spend)::float8 AS spend
       FROM "${table}" WHERE date >= $1 AND date < $2 GROUP BY 1, 2, 3`,
    range,
  );
  // Rows one flush upserted share its moment: a flush at the limit is the trace #29292 leaves.
  const stamp = columns.has('updated_at') ? 'updated_at' : columns.has('created_at') ? 'created_at' : null;
  const capped = stamp
    ? await sql.query<{ day: string }>(
        `SELECT DISTINCT date AS day FROM (
           SELECT date, count(*) AS n FROM "${table}" WHERE date >= $1 AND date < $2
            GROUP BY date, date_trunc('second', ${stamp})) f
          WHERE n = ${FLUSH_LIMIT}`,
        range,
      )
    : [];
  return {
    rows: rows.map((r) => ({
      day: String(r.day),
      model: String(r.model),
      api_key: String(r.api_key),
      ...figures(r),
    })),
    cappedDays: new Set(capped.map((r) => String(r.day))),
  };
}

const differs = (a: Figures, b: Figures) =>
  a.requests !== b.requests ||
  a.failed !== b.failed ||
  a.tokens !== b.tokens ||
  Math.abs(a.spend - b.spend) > 1e-6 * Math.max(1, Math.abs(a.spend));

export interface ExplainContext {
  /** The UTC day of SpendLogs' oldest row: days before it are beyond its retention. */
  oldestDay: string | null;
  cappedDays: ReadonlySet<string>;
  gapDays: ReadonlySet<string>;
}

const shiftDay = (day: string, by: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);

/**
 * Pairs the two sides per day, model and key and gives each difference its knowable cause:
 * a day SpendLogs no longer holds; rows missing from the daily table on a day a flush hit the limit;
 * a difference the next day cancels (the daily table's day is not SpendLogs' UTC day); SpendLogs short
 * on a day with a logging gap; a whole entry missing from the daily table; else unexplained.
 */
export function explainDifferences(
  table: string,
  logs: Side[],
  daily: Side[],
  ctx: ExplainContext,
): ReconciliationRow[] {
  const keyOf = (r: { day: string; model: string; api_key: string }) =>
    `${r.day}\u0000${r.model}\u0000${r.api_key}`;
  const pairs = new Map<string, { day: string; model: string; key: string; logs: Figures; daily: Figures }>();
  for (const [side, rows] of [
    ['logs', logs],
    ['daily', daily],
  ] as const) {
    for (const r of rows) {
      const k = keyOf(r);
      const pair = pairs.get(k) ?? { day: r.day, model: r.model, key: r.api_key, logs: ZERO, daily: ZERO };
      const { day: _d, model: _m, api_key: _k, ...f } = r;
      pair[side] = f;
      pairs.set(k, pair);
    }
  }
  const diffs = [...pairs.values()].filter((p) => differs(p.logs, p.daily));
  const byKey = new Map(diffs.map((p) => [keyOf({ day: p.day, model: p.model, api_key: p.key }), p]));
  const delta = (p: { logs: Figures; daily: Figures }) => p.logs.requests - p.daily.requests;
  const cancels = (p: (typeof diffs)[number]) => {
    const next = byKey.get(keyOf({ day: shiftDay(p.day, 1), model: p.model, api_key: p.key }));
    const prev = byKey.get(keyOf({ day: shiftDay(p.day, -1), model: p.model, api_key: p.key }));
    return [next, prev].some((q) => q && delta(q) !== 0 && delta(q) === -delta(p));
  };
  return diffs
    .map((p): ReconciliationRow => {
      const short = delta(p) > 0 ? 'daily' : delta(p) < 0 ? 'logs' : null;
      const cause: ReconciliationRow['cause'] = cancels(p)
        ? 'day_boundary'
        : ctx.oldestDay !== null && p.day < ctx.oldestDay && p.logs.requests === 0
          ? 'retention'
          : short === 'logs' && ctx.gapDays.has(p.day)
            ? 'gap'
            : short === 'daily' && ctx.cappedDays.has(p.day)
              ? 'flush_limit'
              : // SpendLogs' first day, cut in the middle by its retention job.
                short === 'logs' && p.day === ctx.oldestDay
                ? 'retention'
                : p.daily.requests === 0 && p.logs.requests > 0
                  ? 'missing_entry'
                  : 'unexplained';
      return { table, day: p.day, model: p.model, key: p.key, spendLogs: p.logs, daily: p.daily, cause };
    })
    .sort(
      (a, b) => a.day.localeCompare(b.day) || a.model.localeCompare(b.model) || a.key.localeCompare(b.key),
    );
}

export interface DailySource {
  table: string;
  columns: ReadonlySet<string>;
}

/** SpendLogs against each daily table over the whole UTC days of the range. */
export async function reconcile(
  sql: SqlRunner,
  schema: LiteLLMSchema,
  tables: readonly DailySource[],
  days: { from: string; to: string },
  ctx: Omit<ExplainContext, 'cappedDays'>,
): Promise<{ rows: ReconciliationRow[]; perDay: Map<string, number> }> {
  const logs = await spendLogsSide(sql, schema, days);
  const perDay = new Map<string, number>();
  for (const r of logs) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.requests);
  const rows: ReconciliationRow[] = [];
  for (const t of tables) {
    const daily = await dailySide(sql, t.table, t.columns, days);
    rows.push(...explainDifferences(t.table, logs, daily.rows, { ...ctx, cappedDays: daily.cappedDays }));
  }
  return { rows, perDay };
}
