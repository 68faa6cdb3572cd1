import { z } from 'zod';
import type { ValueCount } from '../../../shared/contract/drilldown.ts';
import { FILTER_FIELDS, type FilterField } from '../../../shared/filters.ts';
import type { ResolvedRange } from '../../../shared/time-range.ts';

const list = (what: string) => z.array(z.string().min(1).max(500)).max(50).nullish().describe(what);

/** The first function the model calls: only the time range the question names. */
export const AskedRange = z.object({
  since: z
    .string()
    .nullish()
    .describe('A range ending now, as a duration: 90m, 24h, 7d. Leave out when from is given.'),
  from: z
    .string()
    .nullish()
    .describe('Start of the range, ISO 8601 with offset, e.g. 2026-11-20T14:00:00+01:00'),
  to: z.string().nullish().describe('End of the range, ISO 8601 with offset; leave out for "until now"'),
});
export type AskedRange = z.infer<typeof AskedRange>;

/** The second function: the filters, chosen from the values of that range. */
export const AskedFilters = z.object({
  keyAliases: list('Key aliases (virtual keys), exactly as listed'),
  models: list('Model names or deployments, exactly as listed'),
  errorTypes: list('LiteLLM error types, e.g. RateLimitError'),
  statusCodes: list('HTTP status codes as text, e.g. "429"'),
  teamAliases: list('Team aliases'),
  text: z
    .string()
    .max(500)
    .nullish()
    .describe('A substring of the error message, only when the question quotes one'),
  explanation: z.string().max(500).nullish().describe('One short sentence: how you read the question'),
});
export type AskedFilters = z.infer<typeof AskedFilters>;

export type KnownValues = Record<FilterField, ValueCount[]>;

const FIELD_WORDS: Record<FilterField, string> = {
  keyAliases: 'Key aliases',
  models: 'Models and deployments',
  errorTypes: 'Error types',
  statusCodes: 'Status codes',
  teamAliases: 'Team aliases',
};

/** How many values of each field the prompt lists; the rest are still checked against the data. */
export const VALUES_IN_PROMPT = 40;

function localTime(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' }).format(
    new Date(at),
  );
}

/** `2026-11-21 00:00 – 2026-11-22 00:00 (UTC)`: a range as the app shows it, in the display zone. */
export function rangeWords(range: ResolvedRange, timeZone: string): string {
  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `${format.format(new Date(range.from))} – ${format.format(new Date(range.to))} (${timeZone})`;
}

const timeRules = (timeZone: string) =>
  `Times are in the user's time zone ${timeZone}; give from/to as ISO 8601 with that zone's offset.`;

const nowLine = (now: number, timeZone: string) =>
  `Now: ${new Date(now).toISOString()} (local: ${localTime(now, timeZone)}).`;

/** Step one: the time expression alone, so the values offered next are those of the range it names. */
export function rangePrompt(
  question: string,
  now: number,
  timeZone: string,
): { system: string; user: string } {
  const system = `You read the time range an engineer's question about failed requests of an LLM gateway names, by calling set_time_range once.
${timeRules(timeZone)} "since yesterday 2pm" has a from and no to; "on Nov 21 afternoon" has both. Without any time in the question leave since, from and to out.`;
  return { system, user: `${nowLine(now, timeZone)}\n\nQuestion: ${question}` };
}

/** Step two: the filters, from the values the errors of the resolved range carry. */
export function filtersPrompt(input: {
  question: string;
  known: KnownValues;
  range: ResolvedRange;
  now: number;
  timeZone: string;
}): { system: string; user: string } {
  const values = FILTER_FIELDS.map((f) => {
    const shown = input.known[f].slice(0, VALUES_IN_PROMPT).map((v) => v.value);
    return `${FIELD_WORDS[f]}: ${shown.length ? shown.join(' | ') : '(none)'}`;
  });
  const system = `You turn an engineer's question about failed requests of an LLM gateway into filters, by calling set_filters once. The time range is already set.
Use the values listed for each field, spelled exactly as listed; pick every listed value the question means (e.g. "qwen" may mean several qwen models). When the question names something that is not listed, pass the user's word as written: it will be shown as not found.
"429s" means status code 429; "timeouts" the error type Timeout when listed; "the X key" a key alias.`;
  const user = `${nowLine(input.now, input.timeZone)}
Values seen in the errors of ${rangeWords(input.range, input.timeZone)}, most frequent first:
${values.join('\n')}

Question: ${input.question}`;
  return { system, user };
}
