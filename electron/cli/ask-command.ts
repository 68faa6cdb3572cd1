import type { AskResult } from '../../shared/contract/ask.ts';
import { FILTER_FIELDS, type Filters } from '../../shared/filters.ts';
import type { Engine } from '../engine/engine.ts';
import type { InvestigateCommand, ProfileFilterField } from './investigate-args.ts';
import { oneLine } from './print.ts';

const FIELD_WORDS: Record<(typeof FILTER_FIELDS)[number], string> = {
  keyAliases: 'key aliases',
  models: 'models',
  errorTypes: 'error types',
  statusCodes: 'status codes',
  teamAliases: 'teams',
};

/** One value's field in a sentence: "no error carries key alias …". */
const FIELD_WORD: Record<(typeof FILTER_FIELDS)[number], string> = {
  keyAliases: 'key alias',
  models: 'model',
  errorTypes: 'error type',
  statusCodes: 'status code',
  teamAliases: 'team',
};

function describeRange(range: Filters['timeRange']): string {
  return range.kind === 'relative' ? `last ${range.last}` : `${range.from} to ${range.to}`;
}

/** What the question became, as the terminal shows it before the query runs. */
export function formatAsked(result: AskResult, filters: Filters): string {
  const lines = [
    `Filters from the question (${oneLine(result.model, 80)}):`,
    `  time: ${describeRange(filters.timeRange)}`,
  ];
  for (const field of FILTER_FIELDS) {
    if (filters[field].length)
      lines.push(`  ${FIELD_WORDS[field]}: ${filters[field].map((v) => oneLine(v, 120)).join(', ')}`);
  }
  if (filters.text) lines.push(`  message contains: ${oneLine(filters.text, 120)}`);
  for (const u of result.unmatched) {
    const closest = u.closest.length ? ` (closest: ${u.closest.map((v) => oneLine(v, 80)).join(', ')})` : '';
    const range = `${result.checkedRange.from} to ${result.checkedRange.to}`;
    lines.push(
      `  note: no error from ${range} carries ${FIELD_WORD[u.field]} "${oneLine(u.value, 120)}"${closest}`,
    );
  }
  if (result.explanation) lines.push(`  reading: ${oneLine(result.explanation, 200)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `--ask`: the LLM's filters, with every filter the flags gave kept as given; the merged command
 * treats the asked fields as given too, so a profile's defaults do not override the question.
 */
export async function applyQuestion(
  engine: Engine,
  command: InvestigateCommand,
  print: (text: string) => void,
): Promise<InvestigateCommand> {
  if (!command.ask) return command;
  // The command line reads and prints times in UTC (an offset in --from says otherwise), so the question's "2pm" is UTC too.
  const timeRange = command.given.has('timeRange') ? { timeRange: command.filters.timeRange } : {};
  const result = await engine.call('ask.filters', {
    source: command.source,
    question: command.ask,
    timeZone: 'UTC',
    ...timeRange,
  });
  const filters: Filters = { ...command.filters };
  const given = new Set<ProfileFilterField>(command.given);
  if (!command.given.has('timeRange')) filters.timeRange = result.filters.timeRange;
  given.add('timeRange');
  for (const field of FILTER_FIELDS) {
    if (!command.given.has(field) && result.filters[field].length) {
      filters[field] = result.filters[field];
      given.add(field);
    }
  }
  if (filters.text === undefined && result.filters.text) filters.text = result.filters.text;
  print(formatAsked(result, filters));
  return { ...command, filters, given };
}
