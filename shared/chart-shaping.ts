import type { Investigation, Remainder } from './investigation.ts';
import { missingValueLabel, MISSING_VALUE } from './filters.ts';
import { rankWithOther, rankWithRemainder } from './top-n.ts';

/**
 * Pure shaping of an investigation into what the charts draw (STYLE: charts get finished data), the
 * one definition for the app and the HTML report so both show the same bars and series.
 */

/** Bars per breakdown chart, "Other" included. */
export const BREAKDOWN_BARS = 8;
/** Series in the errors-over-time chart, "Other" included. */
export const TIMELINE_SERIES = 6;

export const OTHER = 'Other';
export const NO_KEY_ALIAS = missingValueLabel('keyAliases');

export type BreakdownField = 'model' | 'errorType' | 'keyAlias';
/** What a breakdown chart may show: the filterable fields, and the provider (no filter of its own). */
export type ChartField = BreakdownField | 'provider';
export const NO_PROVIDER = '(no provider)';

export interface BreakdownBar {
  /** Stable React/recharts key. */
  key: string;
  label: string;
  /** The filter value a click adds ('' for a missing alias); null for "Other" (nothing to filter on). */
  value: string | null;
  count: number;
  /** Share of the total, 0–1. */
  share: number;
}

interface Counted {
  label: string | null;
  count: number;
}

/**
 * The largest `n` entries; with more, the top `n - 1` and one "Other" bar summing the rest, the
 * values the query itself left out (`beyond`: past the SQL's top N) included.
 */
export function topN(
  items: readonly Counted[],
  n: number,
  total: number,
  beyond: Remainder = { values: 0, count: 0 },
  missing = NO_KEY_ALIAS,
): BreakdownBar[] {
  // Values beyond the list always make an "Other" bar: it takes the last of the n places.
  const { kept: keep, rest } = rankWithRemainder(items, n, (item) => String(item.label), beyond.values);
  const bars: BreakdownBar[] = keep.map((item, i) => ({
    key: `b${i}`,
    label: item.label ?? missing,
    value: item.label ?? MISSING_VALUE,
    count: item.count,
    share: total > 0 ? item.count / total : 0,
  }));
  if (rest.length || beyond.values > 0) {
    const count = rest.reduce((s, r) => s + r.count, 0) + beyond.count;
    bars.push({
      key: 'other',
      label: `${OTHER} (${rest.length + beyond.values})`,
      value: null,
      count,
      share: total > 0 ? count / total : 0,
    });
  }
  return bars;
}

export function breakdownBars(
  inv: Pick<Investigation, 'byModel' | 'byErrorType' | 'byKeyAlias' | 'byProvider' | 'total' | 'others'>,
  field: ChartField,
  n = BREAKDOWN_BARS,
): BreakdownBar[] {
  if (field === 'provider') {
    const items = (inv.byProvider ?? []).map((x) => ({ label: x.provider, count: x.count }));
    return topN(items, n, inv.total, inv.others?.byProvider, NO_PROVIDER);
  }
  const beyond =
    inv.others?.[field === 'model' ? 'byModel' : field === 'errorType' ? 'byErrorType' : 'byKeyAlias'];
  const items: Counted[] =
    field === 'model'
      ? inv.byModel.map((x) => ({ label: x.model, count: x.count }))
      : field === 'errorType'
        ? inv.byErrorType.map((x) => ({ label: x.errorType, count: x.count }))
        : inv.byKeyAlias.map((x) => ({ label: x.keyAlias, count: x.count }));
  return topN(items, n, inv.total, beyond);
}

export interface TimelineSeries {
  /** recharts dataKey: `s0`, `s1`… (model names hold dots, which recharts would read as paths). */
  key: string;
  label: string;
  /** The model a click filters on; null for "Other". */
  model: string | null;
}

export interface TimelineRow {
  bucket: string;
  total: number;
  [seriesKey: string]: number | string;
}

export interface StackedTimeline {
  series: TimelineSeries[];
  rows: TimelineRow[];
}

/**
 * Errors over time stacked by model: every bucket of the range (empty ones included), the models
 * with most errors as their own series, the rest summed into "Other".
 */
export function stackTimeline(
  timeline: Investigation['timeline'],
  byModel: Investigation['timelineByModel'],
  maxSeries = TIMELINE_SERIES,
): StackedTimeline {
  const totals = new Map<string, number>();
  for (const p of byModel) totals.set(p.model, (totals.get(p.model) ?? 0) + p.count);
  const { kept, rest } = rankWithOther(
    [...totals].map(([model, count]) => ({ model, count })),
    maxSeries,
    (m) => m.model,
  );
  const series: TimelineSeries[] = kept.map(({ model }, i) => ({ key: `s${i}`, label: model, model }));
  // Models past the query's own top N are only in the per-bucket totals: they go to "Other" too.
  const unlisted = timeline.reduce((s, p) => s + p.count, 0) > byModel.reduce((s, p) => s + p.count, 0);
  const hasOther = rest.length > 0 || unlisted;
  if (hasOther) series.push({ key: 'other', label: OTHER, model: null });
  const keyOf = new Map(series.filter((s) => s.model !== null).map((s) => [s.model!, s.key]));

  const rows = new Map<string, TimelineRow>();
  for (const point of timeline) {
    const row: TimelineRow = { bucket: point.bucket, total: 0 };
    for (const s of series) row[s.key] = 0;
    rows.set(point.bucket, row);
  }
  for (const p of byModel) {
    let row = rows.get(p.bucket);
    if (!row) {
      row = { bucket: p.bucket, total: 0 };
      for (const s of series) row[s.key] = 0;
      rows.set(p.bucket, row);
    }
    const key = keyOf.get(p.model) ?? 'other';
    row[key] = (row[key] as number) + p.count;
    row.total += p.count;
  }
  for (const point of timeline) {
    const row = rows.get(point.bucket)!;
    if (point.count > row.total) {
      row.other = (row.other as number) + point.count - row.total;
      row.total = point.count;
    }
  }
  return { series, rows: [...rows.values()].sort((a, b) => a.bucket.localeCompare(b.bucket)) };
}
