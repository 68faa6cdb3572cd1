import { filterValueLabel, MISSING_VALUE, type FilterField } from '../../shared/filters.ts';
import type { ErrorRow } from '../../shared/investigation.ts';
import { formatChange, formatMs, formatRate } from '../../shared/traffic-format.ts';
import { rankWithRemainder } from '../../shared/top-n.ts';
import type { Traffic, TrafficFigures, TrafficRequest } from '../../shared/traffic.ts';

/** What the Traffic view can filter by: the shared filter fields, and the dimensions only traffic has. */
export type TrafficPick =
  | { field: 'models' | 'keyAliases' | 'teamAliases'; value: string }
  | { field: 'deployments' | 'endUsers'; value: string };

export interface SeriesRow {
  bucket: string;
  requests: number;
  failed: number;
  succeeded: number;
  /** Percent, null for an empty bucket so the line breaks instead of dropping to 0. */
  errorRatePct: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** p50 of the successful requests alone: fast-failed 429s pull the all-request p50 down in an incident. */
  p50ok: number | null;
}

/**
 * Chart rows: successes and failures stacked, the error rate as a line, the latency percentiles;
 * `ok` is the same query's series over successful requests only (its p50 per bucket).
 */
export function seriesRows(series: Traffic['series'], ok: Traffic['series'] | null = null): SeriesRow[] {
  const okP50 = new Map((ok ?? []).map((p) => [p.bucket, p.p50Ms]));
  return series.map((p) => ({
    bucket: p.bucket,
    requests: p.requests,
    failed: p.failed,
    succeeded: p.requests - p.failed,
    errorRatePct: p.requests ? Math.round(p.errorRate * 10_000) / 100 : null,
    p50: p.p50Ms,
    p95: p.p95Ms,
    p99: p.p99Ms,
    p50ok: okP50.get(p.bucket) ?? null,
  }));
}

/**
 * The latency card: every request's p50 / p95, and the successful requests' beside it (labelled),
 * as Datadog's APM shows latency with and without errors.
 */
export function latencyWords(
  all: TrafficFigures & { p50Ms: number | null },
  ok: (TrafficFigures & { p50Ms: number | null }) | null,
): { value: string; ok: string; okTitle: string } {
  return {
    value: `${formatMs(all.p50Ms)} / ${formatMs(all.p95Ms)}`,
    // Short enough for one line of a card at 1024 px; the title says it in full.
    ok: !ok ? 'OK: …' : ok.requests === 0 ? 'OK: none' : `OK: ${formatMs(ok.p50Ms)} / ${formatMs(ok.p95Ms)}`,
    okTitle:
      !ok || ok.requests === 0
        ? 'Successful requests only: none'
        : `Successful requests only: p50 ${formatMs(ok.p50Ms)}, p95 ${formatMs(ok.p95Ms)}`,
  };
}

export type UsageKind = 'model' | 'deployment' | 'keyAlias' | 'teamAlias' | 'endUser';

export interface UsageRow {
  key: string;
  label: string;
  /** The value a click adds to the filters; null for a deployment or end user with none. */
  pick: TrafficPick | null;
  figures: TrafficFigures;
  errorRateChange: string;
  p95Change: string;
  requestsChange: string;
  /** The error rate rose by at least 5 points and tripled: the row to look at. */
  alarming: boolean;
  detail: string | null;
}

const PICK_FIELD: Record<UsageKind, TrafficPick['field']> = {
  model: 'models',
  deployment: 'deployments',
  keyAlias: 'keyAliases',
  teamAlias: 'teamAliases',
  endUser: 'endUsers',
};

/** The usage kinds that are filter fields: their missing value has the app's one name and can be picked. */
const FILTER_OF: Partial<Record<UsageKind, FilterField>> = {
  model: 'models',
  keyAlias: 'keyAliases',
  teamAlias: 'teamAliases',
};

/** A usage row's name: `(no key alias)` as everywhere else; `(none)` for a deployment or end user. */
export function usageLabel(kind: UsageKind, value: string | null): string {
  const field = FILTER_OF[kind];
  return field ? filterValueLabel(field, value) : (value ?? '(none)');
}

type Usage = TrafficFigures & { previous: TrafficFigures | null } & Record<string, unknown>;

const OTHERS_OF = {
  model: 'byModel',
  deployment: 'byDeployment',
  keyAlias: 'byKeyAlias',
  teamAlias: 'byTeam',
  endUser: 'byEndUser',
} as const;

/** The figures of several rows as one: sums, the error rate of the sums, no percentile. */
function summed(rows: readonly TrafficFigures[]): TrafficFigures {
  const requests = rows.reduce((s, r) => s + r.requests, 0);
  const failed = rows.reduce((s, r) => s + r.failed, 0);
  return {
    requests,
    failed,
    errorRate: requests ? failed / requests : 0,
    p95Ms: null,
    totalTokens: rows.reduce((s, r) => s + r.totalTokens, 0),
    spend: rows.reduce((s, r) => s + r.spend, 0),
    spendEstimated: rows.some((r) => r.spendEstimated),
  };
}

/**
 * A breakdown's rows: the top `limit - 1` values, then, when more exist (listed past the limit or
 * past the query's own top N), one "(other N values)" row summing them, as the Errors tab's "Other" bar.
 */
export function usageRows(t: Traffic, kind: UsageKind, limit = 12): UsageRow[] {
  const list = ({
    model: t.byModel,
    deployment: t.byDeployment,
    keyAlias: t.byKeyAlias,
    teamAlias: t.byTeam,
    endUser: t.byEndUser,
  }[kind] ?? []) as Usage[];
  const beyond = t.others?.[OTHERS_OF[kind]];
  const { kept, rest } = rankWithRemainder(
    list.map((item, i) => ({ item, count: item.requests, order: i })),
    limit,
    // The query's order (requests, then key) breaks ties: keep it.
    (x) => String(x.order).padStart(6, '0'),
    beyond?.values ?? 0,
  );
  const rows: UsageRow[] = kept.map(({ item }, i) => {
    const value = item[kind] as string | null;
    const apiBase = kind === 'deployment' ? (item.apiBase as string | null) : null;
    const before = item.previous;
    const rose = before ? item.errorRate - before.errorRate : item.errorRate;
    return {
      key: `${i}:${value ?? ''}:${apiBase ?? ''}`,
      label: usageLabel(kind, value),
      pick:
        value === null && !FILTER_OF[kind]
          ? null
          : ({ field: PICK_FIELD[kind], value: value ?? MISSING_VALUE } as TrafficPick),
      figures: item,
      errorRateChange: formatChange(item.errorRate, before?.errorRate ?? null, 'rate'),
      p95Change: formatChange(item.p95Ms, before?.p95Ms ?? null, 'ms'),
      requestsChange: formatChange(item.requests, before?.requests ?? null, 'amount'),
      alarming: item.requests >= 20 && rose >= 0.05 && item.errorRate >= 3 * (before?.errorRate ?? 0),
      detail:
        kind === 'deployment'
          ? [item.model as string | null, apiBase].filter(Boolean).join(' · ') || null
          : null,
    };
  });
  if (rest.length || (beyond?.values ?? 0) > 0) {
    const figures = summed([...rest.map((r) => r.item), ...(beyond && beyond.values > 0 ? [beyond] : [])]);
    rows.push({
      key: 'other',
      label: `(other ${rest.length + (beyond?.values ?? 0)} values)`,
      pick: null,
      figures,
      errorRateChange: '',
      p95Change: '',
      requestsChange: '',
      alarming: false,
      detail: null,
    });
  }
  return rows;
}

/** The detail panel shows errors; a successful request opens in it too, labelled as such. */
export function asDetailRow(r: TrafficRequest): ErrorRow {
  return { ...r, errorType: r.status === 'success' ? 'Success' : (r.errorType ?? 'Unknown') };
}

/**
 * The summary cards' comparison lines: `new` where the period before had no requests (as the
 * breakdowns say), never "before 0%" or "before –".
 */
export function beforeWords(t: Pick<Traffic, 'previous'>): { errorRate: string; p95: string; p99: string } {
  const p = t.previous;
  if (p.requests === 0) return { errorRate: 'new', p95: 'new', p99: 'new' };
  return {
    errorRate: `before ${formatRate(p.errorRate)}`,
    p95: p.p95Ms === null ? 'no latency before' : `before ${formatMs(p.p95Ms)} p95`,
    p99: p.p99Ms === null ? 'no latency before' : `before ${formatMs(p.p99Ms)}`,
  };
}

/**
 * TTFT p50, or why there is none: the source does not record it (a call-log table, daily totals),
 * or it does but no request streamed (LiteLLM sets completionStartTime only when streaming).
 */
export function ttftWords(
  ttftP50Ms: number | null,
  recorded = true,
): { value: string; reason: string | null } {
  if (ttftP50Ms !== null) return { value: formatMs(ttftP50Ms), reason: null };
  return recorded
    ? { value: 'none', reason: 'TTFT: no streaming requests in the range' }
    : { value: 'n/a', reason: 'TTFT: not recorded by this source' };
}
