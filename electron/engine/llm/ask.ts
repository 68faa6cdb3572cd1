import type { AskResult, UnmatchedValue } from '../../../shared/contract/ask.ts';
import type { ValueCount } from '../../../shared/contract/drilldown.ts';
import { AppError } from '../../../shared/errors.ts';
import { FILTER_FIELDS, Filters, type FilterField } from '../../../shared/filters.ts';
import {
  parseDuration,
  parseInstant,
  resolveRange,
  type ResolvedRange,
  type TimeRange,
} from '../../../shared/time-range.ts';
import { AskedFilters, AskedRange, filtersPrompt, rangePrompt, type KnownValues } from './ask-prompt.ts';
import type { LlmEndpoint } from './llm-endpoint.ts';
import { callTool } from './tool-call.ts';

export { AskedFilters, AskedRange, type KnownValues } from './ask-prompt.ts';

/** The source's reads Ask needs, over one resolved range (the handler binds them to the source). */
export interface AskReads {
  /** The most frequent values of every field. */
  values(range: ResolvedRange): Promise<KnownValues>;
  /** Values of one field containing `search`: the check of a value the first read did not list. */
  search(field: FilterField, search: string, range: ResolvedRange): Promise<ValueCount[]>;
}

export interface AskInput {
  question: string;
  /** The form's range: used when the question names no time. */
  fallback: TimeRange;
  now: number;
  /** The zone the app shows times in: the question's "2pm" is meant there. */
  timeZone: string;
  reads: AskReads;
  signal?: AbortSignal;
}

function timeRange(asked: AskedRange, now: number): TimeRange | undefined {
  if (asked.from) {
    const from = parseInstant(asked.from);
    if (from === null)
      throw new AppError(
        'LLM_FAILED',
        `The model gave a start time that is not an ISO date-time: "${asked.from}"`,
      );
    const to = asked.to ? parseInstant(asked.to) : now;
    if (to === null)
      throw new AppError(
        'LLM_FAILED',
        `The model gave an end time that is not an ISO date-time: "${asked.to}"`,
      );
    if (from >= to)
      throw new AppError(
        'LLM_FAILED',
        `The model's range starts (${asked.from}) after it ends (${asked.to ?? 'now'})`,
      );
    return { kind: 'absolute', from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  }
  if (asked.since) {
    if (parseDuration(asked.since) === null)
      throw new AppError(
        'LLM_FAILED',
        `The model gave a duration that is not like 90m, 24h or 7d: "${asked.since}"`,
      );
    return { kind: 'relative', last: asked.since.trim() };
  }
  return undefined;
}

const sameValue = (known: readonly ValueCount[], v: string) =>
  known.find((k) => k.value === v) ?? known.find((k) => k.value.toLowerCase() === v.toLowerCase());

/**
 * Checks each chosen value against the real ones: same spelling but for case is taken as the real
 * value; anything else stays in the filters as the model gave it and is reported with look-alikes.
 */
export function matchValues(
  field: FilterField,
  chosen: readonly string[],
  known: readonly ValueCount[],
): { values: string[]; unmatched: UnmatchedValue[] } {
  const values: string[] = [];
  const unmatched: UnmatchedValue[] = [];
  for (const raw of chosen) {
    const v = raw.trim();
    if (!v) continue;
    const exact = sameValue(known, v);
    const value = exact ? exact.value : v;
    if (!values.includes(value)) values.push(value);
    if (!exact) {
      const lower = v.toLowerCase();
      const closest = known
        .filter((k) => k.value.toLowerCase().includes(lower) || lower.includes(k.value.toLowerCase()))
        .slice(0, 3)
        .map((k) => k.value);
      unmatched.push({ field, value, closest });
    }
  }
  return { values, unmatched };
}

/**
 * Asks the configured LLM for the filters a question means, in two calls: the time range first, then
 * the filters chosen from the values the errors of that range carry. A value is named as missing
 * only after a search of that range for it found nothing.
 */
export async function askFilters(endpoint: LlmEndpoint, input: AskInput): Promise<AskResult> {
  const signal = input.signal ? { signal: input.signal } : {};
  const when = await callTool(endpoint, {
    ...rangePrompt(input.question, input.now, input.timeZone),
    name: 'set_time_range',
    description: 'Set the time range of the failed-request search',
    schema: AskedRange,
    maxTokens: 200,
    ...signal,
  });
  const range = timeRange(when.value, input.now) ?? input.fallback;
  const checked = resolveRange(range, input.now);
  const known = await input.reads.values(checked);
  const { value: asked, model } = await callTool(endpoint, {
    ...filtersPrompt({
      question: input.question,
      known,
      range: checked,
      now: input.now,
      timeZone: input.timeZone,
    }),
    name: 'set_filters',
    description: 'Set the filters of the failed-request search',
    schema: AskedFilters,
    maxTokens: 600,
    ...signal,
  });
  const unmatched: UnmatchedValue[] = [];
  const lists: Partial<Record<FilterField, string[]>> = {};
  for (const field of FILTER_FIELDS) {
    const first = matchValues(field, asked[field] ?? [], known[field]);
    const values = [...first.values];
    for (const miss of first.unmatched) {
      // Past the most frequent values: look for this one itself in the range before calling it missing.
      const found = await input.reads.search(field, miss.value, checked);
      const real = sameValue(found, miss.value);
      if (real) values[values.indexOf(miss.value)] = real.value;
      else unmatched.push(found.length ? { ...miss, closest: found.slice(0, 3).map((f) => f.value) } : miss);
    }
    lists[field] = [...new Set(values)];
  }
  const filters = Filters.parse({
    ...lists,
    timeRange: range,
    ...(asked.text?.trim() ? { text: asked.text.trim() } : {}),
  });
  return {
    question: input.question,
    filters,
    unmatched,
    checkedRange: checked,
    explanation: asked.explanation?.trim() || null,
    model,
  };
}
