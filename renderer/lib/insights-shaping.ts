import type { ErrorPattern, Insights, PatternExample, Spike, SpikeDimension } from '../../shared/analysis.ts';
import { missingValueLabel, MISSING_VALUE, type FilterField, type Filters } from '../../shared/filters.ts';
import type { ErrorRow } from '../../shared/investigation.ts';
import { count, durationWords, errorsWord, rateChange } from '../../shared/rate-words.ts';
import { wallClock, zoneLabel } from './display-zone.ts';

const PLACEHOLDER = '<*>';

export interface TemplatePart {
  text: string;
  placeholder: boolean;
}

/** A template split into literal text and `<*>` placeholders, so the UI can style the variable parts. */
export function templateParts(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  template.split(PLACEHOLDER).forEach((text, i) => {
    if (i > 0) parts.push({ text: PLACEHOLDER, placeholder: true });
    if (text) parts.push({ text, placeholder: false });
  });
  return parts;
}

/**
 * The longest literal run of a template (trimmed): a substring every error of the pattern
 * contains, so "Message contains" with it finds them. Null when the template is all placeholders.
 */
export function longestLiteral(template: string): string | null {
  let best = '';
  for (const piece of template.split(PLACEHOLDER)) {
    const trimmed = piece.trim();
    if (trimmed.length > best.length) best = trimmed;
  }
  // The filter accepts at most 500 characters.
  return best ? best.slice(0, 500) : null;
}

export interface Sparkline {
  line: string;
  area: string;
}

/** SVG paths for a series drawn into width × height (max at the top, zero on the baseline). */
export function sparklinePaths(
  series: readonly number[],
  width: number,
  height: number,
  pad = 1.5,
): Sparkline {
  if (series.length === 0) return { line: '', area: '' };
  const max = Math.max(1, ...series);
  const step = series.length > 1 ? width / (series.length - 1) : 0;
  const base = height - pad;
  const points = series.map((v, i) => {
    const x = series.length > 1 ? i * step : width / 2;
    const y = base - (Math.max(0, v) / max) * (height - 2 * pad);
    return `${round(x)},${round(y)}`;
  });
  const line = `M${points.join('L')}`;
  const first = series.length > 1 ? 0 : width / 2;
  const last = series.length > 1 ? width : width / 2;
  const area = `${line}L${round(last)},${round(base)}L${round(first)},${round(base)}Z`;
  return { line, area };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The most frequent non-empty values of a pattern's breakdown, for chips. */
export function topValues(shares: ErrorPattern['models'], n: number): string[] {
  return shares.flatMap((s) => (s.value === null ? [] : [s.value])).slice(0, n);
}

export const SPIKE_FIELD: Record<SpikeDimension, FilterField> = {
  model: 'models',
  keyAlias: 'keyAliases',
  errorType: 'errorTypes',
};

const DIMENSION_LABEL: Record<SpikeDimension, string> = {
  model: 'model',
  keyAlias: 'key alias',
  errorType: 'error type',
};

const pad2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// On the display zone's clock (UTC or local), like every time in the window.
const clock = (d: Date) => `${pad2(wallClock(d).hours)}:${pad2(wallClock(d).minutes)}`;
const dayKey = (d: Date) => {
  const w = wallClock(d);
  return `${w.year}-${w.month}-${w.day}`;
};
const sameDay = (a: Date, b: Date) => dayKey(a) === dayKey(b);
const dayLabel = (d: Date) => `${MONTHS[wallClock(d).month]} ${wallClock(d).day}`;

/** `18:40–19:55 UTC` in the display zone; with the day when the window is not today or spans midnight. */
export function localWindow(fromIso: string, toIso: string, now: number = Date.now()): string {
  const from = new Date(fromIso);
  const to = new Date(toIso);
  const today = new Date(now);
  if (!sameDay(from, to))
    return `${dayLabel(from)} ${clock(from)}–${dayLabel(to)} ${clock(to)} ${zoneLabel(to)}`;
  return `${sameDay(from, today) ? '' : `${dayLabel(from)} `}${clock(from)}–${clock(to)} ${zoneLabel(to)}`;
}

/**
 * The value's usual rate and its rate inside the window, per bucket. "Usual" is its mean per bucket
 * outside the window (from the insights' series), since the median baseline is often 0 for values
 * that fail rarely; falls back to the baseline.
 */
export function spikeRates(
  spike: Spike,
  insights: Pick<Insights, 'bucketSeconds' | 'buckets' | 'series'>,
): { usual: number; during: number } {
  const from = Date.parse(spike.from);
  const to = Date.parse(spike.to);
  const windowBuckets = Math.max(1, Math.round((to - from) / 1000 / insights.bucketSeconds));
  const series = insights.series.find((s) => s.dimension === spike.dimension && s.value === spike.value);
  let usual = spike.baseline;
  if (series) {
    let outside = 0;
    let n = 0;
    insights.buckets.forEach((start, i) => {
      const t = Date.parse(start);
      if (t >= from && t < to) return;
      outside += series.counts[i] ?? 0;
      n++;
    });
    if (n > 0) usual = outside / n;
  }
  return { usual, during: spike.count / windowBuckets };
}

const valueWords = (dimension: SpikeDimension, value: string | null) =>
  // Same words as the charts for errors without a key alias.
  value === null && dimension === 'keyAlias'
    ? missingValueLabel('keyAliases')
    : `${DIMENSION_LABEL[dimension]} ${value ?? '(none)'}`;

/**
 * e.g. `key alias support-bot: 812 errors 18:40–19:55, from about 0.3 to 54 per 15 min; with model
 * gpt-4o, error type RateLimitError` (the values that spiked with it on the same errors). A ratio
 * over a near-zero base ("618×") says nothing a person can picture; two rates do.
 */
export function spikeSentence(
  spike: Spike,
  insights: Pick<Insights, 'bucketSeconds' | 'buckets' | 'series'>,
  now: number = Date.now(),
): string {
  const who = valueWords(spike.dimension, spike.value);
  const errors = `${count(spike.count)} error${spike.count === 1 ? '' : 's'}`;
  const { usual, during } = spikeRates(spike, insights);
  const rate = rateChange(usual, during, insights.bucketSeconds);
  const together = spike.together.map((t) => valueWords(t.dimension, t.value)).join(', ');
  return `${who}: ${errors} ${localWindow(spike.from, spike.to, now)}, ${rate}${together ? `; with ${together}` : ''}`;
}

/**
 * What to say when no spike stands out: the range against the period of equal length before it,
 * so a range that *is* the incident (after clicking a spike) is never called usual.
 */
export function noSpikeWords(insights: Pick<Insights, 'total' | 'bucketSeconds' | 'buckets' | 'before'>): {
  title: string;
  text: string;
} {
  if (insights.total === 0) return { title: 'No spikes', text: 'No errors in this range.' };
  const before = insights.before;
  if (!before) return { title: 'No spikes', text: 'No window stands out inside this range.' };
  const buckets = Math.max(1, insights.buckets.length);
  const usual = before.count / buckets;
  const during = insights.total / buckets;
  const length = durationWords(Date.parse(before.to) - Date.parse(before.from));
  const rate = rateChange(usual, during, insights.bucketSeconds);
  if (insights.total >= 10 && during >= 2 * usual) {
    return {
      title: 'The whole range is elevated',
      text: `No single window stands out, but the whole range runs above the ${length} before it: ${rate} (${errorsWord(before.count)} then, ${count(insights.total)} now).`,
    };
  }
  return {
    title: 'No spikes',
    text: `No window stands out; the ${length} before had ${errorsWord(before.count)} (${rate}).`,
  };
}

/** The filters that show a spike: its value as the only value of its dimension, its window as the range. */
export function spikeFilters(filters: Filters, spike: Spike): Filters {
  const field = SPIKE_FIELD[spike.dimension];
  return {
    ...filters,
    [field]: [spike.value ?? MISSING_VALUE],
    timeRange: { kind: 'absolute', from: spike.from, to: spike.to },
  };
}

/**
 * The error to show for a pattern's example: its row from the results when loaded (every merged
 * field), else one built from the example, `partial` because fields the example lacks are unknown
 * rather than empty (the detail panel's stored rows still show all of them).
 */
export function exampleRow(
  example: PatternExample,
  rows: readonly ErrorRow[],
): { row: ErrorRow; partial: boolean } {
  const loaded = rows.find((r) => r.requestId === example.requestId);
  if (loaded) return { row: loaded, partial: false };
  return {
    row: {
      requestId: example.requestId,
      time: example.time,
      model: example.model,
      deployment: null,
      keyAlias: example.keyAlias,
      teamAlias: null,
      statusCode: example.statusCode,
      errorType: example.errorType,
      errorMessage: example.message,
      provider: null,
      apiBase: null,
      durationMs: null,
      totalTokens: null,
      sources: [],
    },
    partial: true,
  };
}
