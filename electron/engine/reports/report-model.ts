import { categoryWords, filterWords, type FilterField } from '../../../shared/filters.ts';
import type {
  ReportAnalysis,
  ReportOptions,
  ReportPattern,
  ReportRequest,
  ReportSpike,
} from '../../../shared/contract/reports.ts';
import type { Investigation, ResolvedQuery } from '../../../shared/investigation.ts';
import type { ColorAssignment } from '../../../shared/series-colors.ts';
import type { Finding } from '../../../shared/health.ts';
import type { Traffic } from '../../../shared/traffic.ts';
import { clockFor, type Clock } from './format.ts';
import { scrubDeep, type Scrub } from './report-redaction.ts';

/** Everything a report file shows, already redacted: the HTML and Markdown writers only format it. */
export interface ReportModel {
  title: string;
  generatedAt: string;
  /** The zone every time of the report is written in (the user's choice; UTC when none was given). */
  timeZone: string;
  clock: Clock;
  /** Where the data came from, as safe to show (never a secret). */
  source: string;
  investigation: Investigation;
  spikes: ReportSpike[];
  /** Null when pattern grouping did not run for this export. */
  patterns: ReportPattern[] | null;
  /** The LLM's analysis when one ran, else the offline summary. */
  analysis: ReportAnalysis;
  /** True when `analysis` came from the caller (an LLM or the analysis area's offline summary). */
  analysisGiven: boolean;
  /** Why the LLM analysis failed, when it did (redacted). */
  analysisFailure: string | null;
  options: ReportOptions;
  /** Rows written to the CSV: every matching error; null until the CSV is written. */
  csvRows: number | null;
  /** Every request in the range (DESIGN §8), or null when it could not be read. */
  traffic: Traffic | null;
  /** Health-check findings that touch the report's range (an incident seen through lost rows is a different incident). */
  dataQuality: Finding[];
  /** The app's colour slot per model; models it lacks get theirs from the same rule (shared/series-colors.ts). */
  colors: ColorAssignment;
}

/** Minutes are enough in a heading; the exact range is listed under it. */
export function defaultTitle(query: ResolvedQuery, clock: Clock = clockFor('UTC')): string {
  const minute = (iso: string) => new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000).toISOString();
  return `LLM gateway errors, ${clock.range(minute(query.from), minute(query.to))}`;
}

export function buildReportModel(input: {
  investigation: Investigation;
  source: string;
  request: ReportRequest;
  /** The analysis shown when none ran. */
  offlineMarkdown: string;
  generatedAt: Date;
  scrub: Scrub;
  /** For the source: `user@host` in a connection URL is not an e-mail address (see sourceScrub). */
  scrubSource?: Scrub;
  traffic?: Traffic | null;
  dataQuality?: Finding[] | null;
}): ReportModel {
  const { request, scrub } = input;
  const investigation = scrubDeep(input.investigation, scrub);
  const patterns = request.patterns
    ? scrubDeep(
        [...request.patterns].sort((a, b) => b.count - a.count),
        scrub,
      )
    : null;
  const spikes = scrubDeep(request.spikes ?? [], scrub);
  const analysis: ReportAnalysis = scrubDeep(
    request.analysis ?? { offline: true, markdown: input.offlineMarkdown },
    scrub,
  );
  const clock = clockFor(request.options.timeZone ?? 'UTC', investigation.query.from);
  return {
    title: scrub(request.options.title ?? defaultTitle(investigation.query, clock)),
    generatedAt: input.generatedAt.toISOString(),
    timeZone: clock.timeZone,
    clock,
    source: (input.scrubSource ?? scrub)(input.source),
    investigation,
    spikes,
    patterns,
    analysis,
    analysisGiven: request.analysis !== undefined,
    analysisFailure: request.analysisFailure === undefined ? null : scrub(request.analysisFailure),
    options: request.options,
    csvRows: null,
    traffic: input.traffic ? scrubDeep(input.traffic, scrub) : null,
    dataQuality: input.dataQuality ? scrubDeep(input.dataQuality, scrub) : [],
    // Keys as the app saw them: the scrubbed investigation's model names must still find their slot.
    colors: scrubColors(request.colors ?? {}, scrub),
  };
}

function scrubColors(colors: ColorAssignment, scrub: Scrub): ColorAssignment {
  return Object.fromEntries(Object.entries(colors).map(([value, slot]) => [scrub(value), slot]));
}

const labels = (q: ResolvedQuery, field: FilterField) => filterWords(q, field);

/** The filters as people read them: `Key alias: a, b · Model: gpt-4o`; "none" when everything matched. */
export function describeFilters(q: ResolvedQuery): { label: string; value: string }[] {
  const list = [
    { label: 'Key alias', value: labels(q, 'keyAliases') },
    { label: 'Model', value: labels(q, 'models') },
    { label: 'Error type', value: labels(q, 'errorTypes') },
    { label: 'Status code', value: labels(q, 'statusCodes') },
    { label: 'Team alias', value: labels(q, 'teamAliases') },
    { label: 'Cause', value: categoryWords(q) },
    { label: 'Session', value: (q.sessionIds ?? []).join(', ') },
    { label: 'Message contains', value: q.text ?? '' },
  ];
  return list.filter((f) => f.value !== '');
}
