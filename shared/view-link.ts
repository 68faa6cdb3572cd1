import type { z } from 'zod';
import type { Source } from './connection.ts';
import { FILTER_FIELDS, Filters, type Exclusions, type FilterField } from './filters.ts';
import { TimeRange } from './time-range.ts';

/**
 * A view as a link: the query string of the web page and of `logdesk://open?…`. The source is
 * `demo`, a saved profile's name or a database URL without credentials: never a password or token.
 */
export const VIEW_TABS = ['errors', 'traffic', 'health'] as const;
export type ViewTab = (typeof VIEW_TABS)[number];

export interface LinkedView {
  source: Source;
  filters: Filters;
  tab: ViewTab;
  /** The request id of the error whose details are open. */
  error?: string;
}

/** What a link holds: only the parts it names; `problems` say in words what was wrong and ignored. */
export interface DecodedView {
  source?: Source;
  filters: Partial<Filters>;
  tab?: ViewTab;
  error?: string;
  problems: string[];
}

/** How one Filters field sits in the query string. */
interface FieldCodec<T> {
  params: readonly string[];
  write(value: T, out: URLSearchParams): void;
  /** The field's raw value from the link, or undefined when the link does not name it. */
  read(query: URLSearchParams): unknown;
}

const list = (param: string): FieldCodec<string[]> => ({
  params: [param],
  write: (values, out) => values.forEach((v) => out.append(param, v)),
  read: (query) => (query.has(param) ? query.getAll(param) : undefined),
});

/** The "≠ value" lists, one repeatable parameter per field (and `notCause` for excluded causes). */
function exclusions(param: Record<FilterField | 'categories', string>): FieldCodec<Exclusions> {
  const fields = [...FILTER_FIELDS, 'categories'] as const;
  return {
    params: Object.values(param),
    write: (exclude, out) =>
      fields.forEach((f) => (exclude[f] ?? []).forEach((v) => out.append(param[f], v))),
    read: (query) =>
      fields.some((f) => query.has(param[f]))
        ? Object.fromEntries(fields.map((f) => [f, query.getAll(param[f])]))
        : undefined,
  };
}

/** Every Filters field must have an entry (typed, and checked by the round-trip test): a new field is never silently lost. */
const CODECS: { [K in keyof Filters]-?: FieldCodec<Filters[K]> } = {
  timeRange: {
    params: ['range', 'from', 'to'],
    write: (range, out) => {
      if (range.kind === 'relative') out.set('range', range.last);
      else {
        out.set('from', range.from);
        out.set('to', range.to);
      }
    },
    read: (query) => {
      if (query.has('from') || query.has('to'))
        return { kind: 'absolute', from: query.get('from') ?? '', to: query.get('to') ?? '' };
      return query.has('range') ? { kind: 'relative', last: query.get('range') } : undefined;
    },
  },
  keyAliases: list('key'),
  models: list('model'),
  errorTypes: list('errorType'),
  statusCodes: list('status'),
  teamAliases: list('team'),
  categories: list('cause') as FieldCodec<Filters['categories']>,
  exclude: exclusions({
    keyAliases: 'notKey',
    models: 'notModel',
    errorTypes: 'notErrorType',
    statusCodes: 'notStatus',
    teamAliases: 'notTeam',
    categories: 'notCause',
  }),
  sessionIds: list('session'),
  text: {
    params: ['q'],
    write: (text, out) => text !== undefined && out.set('q', text),
    read: (query) => query.get('q') ?? undefined,
  },
  limit: {
    params: ['limit'],
    write: (limit, out) => out.set('limit', String(limit)),
    read: (query) => {
      const raw = query.get('limit');
      return raw === null ? undefined : /^\d{1,7}$/.test(raw) ? Number(raw) : raw;
    },
  },
};
export const FILTER_CODEC_FIELDS = Object.keys(CODECS) as (keyof Filters)[];

const VIEW_PARAMS = ['source', 'tab', 'error'];
const KNOWN_PARAMS = new Set([...VIEW_PARAMS, ...Object.values(CODECS).flatMap((c) => c.params as string[])]);
const MAX_LINK_LENGTH = 16_000;

/** A database URL may go into a link only without credentials or options (which could hold one). */
export function linkableUrl(url: string): boolean {
  const trimmed = url.trim();
  if (/^[a-z][\w+.-]*:\/\//i.test(trimmed)) {
    try {
      const parsed = new URL(trimmed);
      return parsed.password === '' && parsed.search === '' && parsed.hash === '';
    } catch {
      return false;
    }
  }
  return !trimmed.includes('?');
}

/** Whether a link of this source can bring its source along (demo, a profile, a URL without a password). */
export function sourceInLink(source: Source): boolean {
  return source.kind !== 'url' || (linkableUrl(source.url) && source.source === undefined);
}

function writeSource(source: Source): string | null {
  if (source.kind === 'demo') return 'demo';
  if (source.kind === 'profile') return `profile:${source.name}`;
  return sourceInLink(source) ? `url:${source.url.trim()}` : null;
}

function readSource(raw: string): Source | string {
  if (raw === 'demo') return { kind: 'demo' };
  const [kind, ...rest] = raw.split(':');
  const value = rest.join(':');
  if (kind === 'profile' && value.trim() !== '' && value.length <= 200)
    return { kind: 'profile', name: value };
  if (kind === 'url' && value.trim() !== '' && value.length <= 2000) {
    return linkableUrl(value)
      ? { kind: 'url', url: value }
      : 'a database URL in a link must not carry a password or options';
  }
  return 'expected demo, profile:NAME or url:DATABASE-URL';
}

export function encodeView(view: LinkedView): string {
  const out = new URLSearchParams();
  const source = writeSource(view.source);
  if (source !== null) out.set('source', source);
  for (const key of FILTER_CODEC_FIELDS) (CODECS[key] as FieldCodec<unknown>).write(view.filters[key], out);
  if (view.tab !== 'errors') out.set('tab', view.tab);
  if (view.error) out.set('error', view.error);
  return out.toString();
}

const issueText = (error: z.ZodError) => error.issues.map((i) => i.message).join('; ');
const shown = (v: unknown) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};
/** Control characters and the like from a link never reach the page as such. */
const printable = (text: string) =>
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '�');

/** Reads a link's query string (with or without `?`); never throws: what is wrong becomes a problem and is left out. */
export function decodeView(search: string): DecodedView {
  const result: DecodedView = { filters: {}, problems: [] };
  if (search.length > MAX_LINK_LENGTH) {
    result.problems.push(
      `The link is too long (${search.length} characters, at most ${MAX_LINK_LENGTH}): it was ignored.`,
    );
    return result;
  }
  const query = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const unknown = [...new Set([...query.keys()].filter((k) => !KNOWN_PARAMS.has(k) && k !== 'token'))];
  if (unknown.length > 0)
    result.problems.push(
      `Unknown part${unknown.length > 1 ? 's' : ''} of the link ignored: ${unknown.map((k) => `“${printable(shown(k))}”`).join(', ')}.`,
    );

  const rawSource = query.get('source');
  if (rawSource !== null) {
    const source = readSource(rawSource);
    if (typeof source === 'string')
      result.problems.push(`source “${printable(shown(rawSource))}”: ${source}.`);
    else result.source = source;
  }
  for (const key of FILTER_CODEC_FIELDS) {
    const raw = CODECS[key].read(query);
    if (raw === undefined) continue;
    const parsed = (key === 'timeRange' ? TimeRange : Filters.shape[key]).safeParse(raw);
    if (parsed.success) (result.filters as Record<string, unknown>)[key] = parsed.data;
    else {
      const named = CODECS[key].params.filter((p) => query.has(p));
      const given = named.flatMap((p) => query.getAll(p)).join(' – ');
      result.problems.push(`${named.join('/')} “${printable(shown(given))}”: ${issueText(parsed.error)}.`);
    }
  }
  const tab = query.get('tab');
  if (tab !== null) {
    if ((VIEW_TABS as readonly string[]).includes(tab)) result.tab = tab as ViewTab;
    else
      result.problems.push(
        `tab “${printable(shown(tab))}”: expected ${VIEW_TABS.slice(0, -1).join(', ')} or ${VIEW_TABS.at(-1)}.`,
      );
  }
  const error = query.get('error');
  if (error !== null) {
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (error.length > 0 && error.length <= 500 && !/[\u0000-\u001f]/.test(error)) result.error = error;
    else result.problems.push(`error “${printable(shown(error))}”: expected a request id.`);
  }
  return result;
}

/** Whether a link names any part of a view (an empty page URL does not). */
export function namesAView(decoded: DecodedView): boolean {
  return (
    decoded.source !== undefined ||
    Object.keys(decoded.filters).length > 0 ||
    decoded.tab !== undefined ||
    decoded.error !== undefined
  );
}
