import { z } from 'zod';
import type { AskResult, UnmatchedValue } from '../../../shared/contract/ask.ts';
import type { ValueCount } from '../../../shared/contract/drilldown.ts';
import { AppError } from '../../../shared/errors.ts';
import { FILTER_FIELDS, Filters, type FilterField } from '../../../shared/filters.ts';
import { parseDuration, parseInstant, type TimeRange } from '../../../shared/time-range.ts';
import type { LlmEndpoint } from './llm-client.ts';
import { callTool } from './tool-call.ts';

const list = (what: string) => z.array(z.string().min(1).max(500)).max(50).nullish().describe(what);

/** The function the model calls: filters as it read them from the question. */
export const AskedFilters = z.object({
  since: z.string().nullish().describe('A range ending now, as a duration: 90m, 24h, 7d. Leave out when from is given.'),
  from: z.string().nullish().describe('Start of the range, ISO 8601 with offset, e.g. 2026-11-20T14:00:00+01:00'),
  to: z.string().nullish().describe('End of the range, ISO 8601 with offset; leave out for "until now"'),
  keyAliases: list('Key aliases (virtual keys), exactly as listed'),
  models: list('Model names or deployments, exactly as listed'),
  errorTypes: list('LiteLLM error types, e.g. RateLimitError'),
  statusCodes: list('HTTP status codes as text, e.g. "429"'),
  teamAliases: list('Team aliases'),
  text: z.string().max(500).nullish().describe('A substring of the error message, only when the question quotes one'),
  explanation: z.string().max(500).nullish().describe('One short sentence: how you read the question'),
});
export type AskedFilters = z.infer<typeof AskedFilters>;

export type KnownValues = Record<FilterField, ValueCount[]>;

export interface AskInput {
  question: string;
  known: KnownValues;
  now: number;
  timeZone: string;
  signal?: AbortSignal;
}

const FIELD_WORDS: Record<FilterField, string> = {
  keyAliases: 'Key aliases',
  models: 'Models and deployments',
  errorTypes: 'Error types',
  statusCodes: 'Status codes',
  teamAliases: 'Team aliases',
};

function localTime(now: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' }).format(new Date(now));
}

export function askPrompt(input: AskInput): { system: string; user: string } {
  const values = FILTER_FIELDS.map((f) => {
    const shown = input.known[f].slice(0, 40).map((v) => v.value);
    return `${FIELD_WORDS[f]}: ${shown.length ? shown.join(' | ') : '(none)'}`;
  });
  const system = `You turn an engineer's question about failed requests of a LiteLLM proxy into filters, by calling set_filters once.
Use the values listed for each field, spelled exactly as listed; pick every listed value the question means (e.g. "qwen" may mean several qwen models). When the question names something that is not listed, pass the user's word as written: it will be shown as not found.
"429s" means status code 429; "timeouts" the error type Timeout when listed; "the X key" a key alias.
Times are in the user's time zone ${input.timeZone}; give from/to as ISO 8601 with that zone's offset. Without any time in the question leave since, from and to out.`;
  const user = `Now: ${new Date(input.now).toISOString()} (local: ${localTime(input.now, input.timeZone)}).
Values seen in the errors of the last 7 days, most frequent first:
${values.join('\n')}

Question: ${input.question}`;
  return { system, user };
}

function timeRange(asked: AskedFilters, now: number): TimeRange | undefined {
  if (asked.from) {
    const from = parseInstant(asked.from);
    if (from === null) throw new AppError('LLM_FAILED', `The model gave a start time that is not an ISO date-time: "${asked.from}"`);
    const to = asked.to ? parseInstant(asked.to) : now;
    if (to === null) throw new AppError('LLM_FAILED', `The model gave an end time that is not an ISO date-time: "${asked.to}"`);
    if (from >= to) throw new AppError('LLM_FAILED', `The model's range starts (${asked.from}) after it ends (${asked.to ?? 'now'})`);
    return { kind: 'absolute', from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  }
  if (asked.since) {
    if (parseDuration(asked.since) === null) throw new AppError('LLM_FAILED', `The model gave a duration that is not like 90m, 24h or 7d: "${asked.since}"`);
    return { kind: 'relative', last: asked.since.trim() };
  }
  return undefined;
}

/**
 * Checks each chosen value against the real ones: same spelling but for case is taken as the real
 * value; anything else stays in the filters as the model gave it and is reported with look-alikes.
 */
export function matchValues(field: FilterField, chosen: readonly string[], known: readonly ValueCount[]): { values: string[]; unmatched: UnmatchedValue[] } {
  const values: string[] = [];
  const unmatched: UnmatchedValue[] = [];
  for (const raw of chosen) {
    const v = raw.trim();
    if (!v) continue;
    const exact = known.find((k) => k.value === v) ?? known.find((k) => k.value.toLowerCase() === v.toLowerCase());
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

/** Asks the configured LLM for the filters a question means, checked against the source's real values. */
export async function askFilters(endpoint: LlmEndpoint, input: AskInput): Promise<AskResult> {
  const { system, user } = askPrompt(input);
  const { value: asked, model } = await callTool(endpoint, {
    system,
    user,
    name: 'set_filters',
    description: 'Set the filters of the failed-request search',
    schema: AskedFilters,
    maxTokens: 600,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const unmatched: UnmatchedValue[] = [];
  const lists: Partial<Record<FilterField, string[]>> = {};
  for (const field of FILTER_FIELDS) {
    const matched = matchValues(field, asked[field] ?? [], input.known[field]);
    lists[field] = matched.values;
    unmatched.push(...matched.unmatched);
  }
  const range = timeRange(asked, input.now);
  const filters = Filters.parse({ ...lists, ...(range ? { timeRange: range } : {}), ...(asked.text?.trim() ? { text: asked.text.trim() } : {}) });
  return { question: input.question, filters, unmatched, explanation: asked.explanation?.trim() || null, model };
}
