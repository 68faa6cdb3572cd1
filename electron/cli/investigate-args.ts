import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { StatementTimeoutSeconds, type Source } from '../../shared/connection.ts';
import { AppError, describeZodError } from '../../shared/errors.ts';
import { Filters } from '../../shared/filters.ts';
import { FAILURE_CATEGORIES } from '../../shared/taxonomy.ts';
import { parseDuration, parseInstant } from '../../shared/time-range.ts';
import { parseSourceUrl } from '../../shared/source-url.ts';
import { parseTableSpec, TABLE_SPEC_OPTIONS } from './table-spec-args.ts';
import { cliNow } from '../engine/platform/clock.ts';

export interface InvestigateCommand {
  source: Source;
  filters: Filters;
  json: boolean;
  outDir: string | undefined;
  llm: boolean;
  /** A question in plain language; the LLM's filters fill in what the flags leave unset. */
  ask: string | undefined;
  /** Run even when EXPLAIN expects a huge scan (over LOGDESK_LARGE_SCAN_ROWS, default 5,000,000 rows). */
  yes: boolean;
  /** Filters the user gave; a profile's default filters fill in the others. */
  given: ReadonlySet<ProfileFilterField>;
}

export type ProfileFilterField =
  'timeRange' | 'keyAliases' | 'models' | 'errorTypes' | 'statusCodes' | 'teamAliases';

const OPTIONS = {
  demo: { type: 'boolean' },
  url: { type: 'string' },
  profile: { type: 'string' },
  ...TABLE_SPEC_OPTIONS,
  since: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'key-alias': { type: 'string', multiple: true },
  model: { type: 'string', multiple: true },
  'error-type': { type: 'string', multiple: true },
  'status-code': { type: 'string', multiple: true },
  'team-alias': { type: 'string', multiple: true },
  'not-key-alias': { type: 'string', multiple: true },
  'not-model': { type: 'string', multiple: true },
  'not-error-type': { type: 'string', multiple: true },
  'not-status-code': { type: 'string', multiple: true },
  'not-team-alias': { type: 'string', multiple: true },
  category: { type: 'string', multiple: true },
  'not-category': { type: 'string', multiple: true },
  text: { type: 'string' },
  limit: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  llm: { type: 'boolean' },
  ask: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const INVESTIGATE_USAGE = `Usage: logdesk investigate [source] [filters] [output]

Source (default --demo):
  --demo                 the embedded demo dataset
  --url postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=require]
                         (password also read from PGPASSWORD)
  --url mysql://USER[:PASSWORD]@HOST[:PORT]/DB   MySQL or MariaDB (password also from MYSQL_PWD)
  --url sqlite:///ABS/PATH.db | PATH.db|.sqlite|.sqlite3   a SQLite file, opened read-only
  --table NAME           the table of LLM calls (llm_tracker_usage, <app>_llmcalllog and a router's
                         request_logs map themselves; another table prints the --map flags suggested)
  --map FIELD=COLUMN     map a column onto a call field (repeatable): time, requestId, model,
                         keyAlias, errorMessage, errorType, statusCode, durationMs, totalTokens, cost…
                         and success=COLUMN (boolean, status text, or HTTP status number);
                         FIELD=COLUMN->TABLE.COLUMN reads it through a lookup table joined on TABLE.id
                         (e.g. provider=provider_id->providers.name)
  --success-values V,V   the status values that mean success (default: success)
  --price-table NAME     the price table for calls with no recorded cost (default: <app>_llmmodelprice
                         beside <app>_llmcalllog); its columns are found by name, or set with:
  --price PART=COLUMN    (repeatable) model, input, output (prices), currency, active (a boolean: false
                         rows never apply), effectiveFrom (a date: the row applies from then on);
                         PART= with no column leaves currency, active or effectiveFrom out;
                         --price per=1k|1m: prices per 1,000 (default) or 1,000,000 tokens
  --no-price-table       use no price table (calls with no recorded cost get the app's prices)
  --rollup-table NAME    the roll-up table read for long ranges (default: <app>_llmtokenusage)
  --no-rollup-table      read the calls only
  --profile NAME         a saved connection profile
  --timeout SECONDS      statement timeout of each read (default: the profile's, else 30); the
                         client gives up just after it: "no answer from the server for N s"

Filters:
  --since 90m|24h|7d     relative time range (default 24h)
  --from ISO --to ISO    absolute range [from, to), UTC unless an offset is given
  --key-alias A          exact key alias (repeatable); '' = errors without a key alias
  --model M              public model name or deployment (repeatable)
  --error-type T         e.g. RateLimitError (repeatable)
  --status-code C        e.g. 429 (repeatable)
  --team-alias T         (repeatable); '' = errors without a team alias
                         ('' works the same for --model and --status-code)
  --not-key-alias A      leave errors with this key alias out (repeatable); so do --not-model,
  --not-model M          --not-error-type, --not-status-code and --not-team-alias. Errors with no
  --not-error-type T     value stay ("not A" is true of them); '' leaves those out instead:
  --not-status-code C    --not-key-alias '' = only errors that have a key alias
  --not-team-alias T
  --category C           the cause, as the patterns name it (repeatable): rate_limit, quota, auth,
  --not-category C       context_length, content_filter, timeout, provider_outage, bad_request, unknown
  --text TEXT            substring of the error message, case-insensitive
  --limit N              rows returned, newest first (default 100; totals always cover all)

Output:
  --json                 print the result as one JSON document
  --out DIR              write a dated report folder DIR/YYYY-MM-DD/ (a relative DIR is taken
                         from the current folder; the absolute path is printed)
  --llm                  add an LLM analysis (LOGDESK_LLM_BASE_URL, LOGDESK_LLM_API_KEY, LOGDESK_LLM_MODEL)
  --ask "QUESTION"       filters from a question in plain language, through the same LLM, printed
                         before the query runs; flags given as well win over them
  --yes, -y              run an unknown --table with the suggested --map flags; and run even when
                         the query is estimated to read more than LOGDESK_LARGE_SCAN_ROWS
                         rows (default 5000000); without it such a query is refused with exit code 2

Exit codes: 0 success, 2 bad arguments, 3 connection or query failure.`;

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);

function timeRange(
  values: { since?: string; from?: string; to?: string },
  now: number,
): Filters['timeRange'] {
  const { since, from, to } = values;
  if (since !== undefined && (from !== undefined || to !== undefined)) {
    throw bad('--since cannot be combined with --from/--to: use one or the other');
  }
  if (since !== undefined) {
    if (parseDuration(since) === null)
      throw bad(`--since: expected a duration like 90m, 24h or 7d, got "${since}"`);
    return { kind: 'relative', last: since };
  }
  if (to !== undefined && from === undefined) throw bad('--to needs --from');
  if (from === undefined) return { kind: 'relative', last: '24h' };
  const fromMs = parseInstant(from);
  if (fromMs === null)
    throw bad(`--from: expected an ISO 8601 date-time like 2026-11-20T14:00:00Z, got "${from}"`);
  const toMs = to === undefined ? now : parseInstant(to);
  if (toMs === null) throw bad(`--to: expected an ISO 8601 date-time like 2026-11-20T18:00:00Z, got "${to}"`);
  if (fromMs >= toMs) throw bad(`--from (${from}) must be before --to (${to ?? 'now'})`);
  return { kind: 'absolute', from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
}

function limit(text: string | undefined): number {
  if (text === undefined) return 100;
  if (!/^\d+$/.test(text.trim()))
    throw bad(`--limit: expected a whole number from 0 to 100000, got "${text}"`);
  const n = Number(text);
  if (n > 100_000) throw bad(`--limit: at most 100000, got ${n}`);
  return n;
}

function parseError(err: unknown): AppError {
  const message = (err as Error).message;
  // node:util's messages name the flag already; keep them to one line.
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return bad(`unknown option ${unknown[1]} (see logdesk investigate --help)`);
  return bad(message.split('\n')[0]!.replace(/^TypeError \[[A-Z_]+\]: /, ''));
}

/** `--limit -1` → `--limit=-1`, so the value reaches validation and gets a precise reason instead of "ambiguous". */
function joinDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    const next = argv[i + 1];
    const takesValue =
      name !== null && name in OPTIONS && OPTIONS[name as keyof typeof OPTIONS].type === 'string';
    if (takesValue && next !== undefined && /^-[^-]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** Parses `investigate` arguments; throws BAD_ARGUMENT naming the offending flag. */
export function parseInvestigateArgs(argv: string[], now: number = cliNow()): InvestigateCommand | 'help' {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];
  let positionals: string[];
  try {
    // Values that look like flags (`--limit -1`) are accepted here and rejected with a precise reason below.
    ({ values, positionals } = parseArgs({
      args: joinDashValues(argv),
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    }));
  } catch (err) {
    throw parseError(err);
  }
  if (values.help) return 'help';
  if (positionals.length)
    throw bad(`unexpected argument "${positionals[0]}" (see logdesk investigate --help)`);
  const sources = [
    values.demo && '--demo',
    values.url !== undefined && '--url',
    values.profile !== undefined && '--profile',
  ].filter(Boolean);
  if (sources.length > 1) throw bad(`choose one source: ${sources.join(' and ')} were both given`);
  let source: Source = { kind: 'demo' };
  if (values.url === undefined && values.profile === undefined && parseTableSpec(values))
    throw bad('--table, --map and the price and roll-up table flags need --url');
  if (values.url !== undefined) {
    parseSourceUrl(values.url); // fail fast with exit 2 on a malformed URL
    const spec = parseTableSpec(values);
    source = { kind: 'url', url: values.url, ...(spec ? { source: spec } : {}) };
  } else if (values.profile !== undefined) {
    if (!values.profile.trim()) throw bad('--profile: expected a profile name');
    if (parseTableSpec(values))
      throw bad(
        '--table, --map and the price and roll-up table flags go with --url (a profile keeps its own table)',
      );
    source = { kind: 'profile', name: values.profile };
  }
  for (const flag of ['status-code', 'not-status-code'] as const) {
    for (const code of values[flag] ?? []) {
      if (code !== '' && !/^[1-5]\d\d$/.test(code.trim()))
        throw bad(`--${flag}: expected an HTTP status code from 100 to 599 like 429, got "${code}"`);
    }
  }
  for (const flag of ['category', 'not-category'] as const) {
    for (const c of values[flag] ?? []) {
      if (!(FAILURE_CATEGORIES as readonly string[]).includes(c))
        throw bad(`--${flag}: expected one of ${FAILURE_CATEGORIES.join(', ')}, got "${c}"`);
    }
  }
  if (values.timeout !== undefined) {
    if (source.kind === 'demo') throw bad('--timeout: applies to --url and --profile, not the embedded demo');
    const seconds = StatementTimeoutSeconds.safeParse(
      /^\d+$/.test(values.timeout.trim()) ? Number(values.timeout) : values.timeout,
    );
    if (!seconds.success)
      throw bad(`--timeout: ${describeZodError(seconds.error, 'value')} (got "${values.timeout}")`);
    source = { ...source, statementTimeoutSeconds: seconds.data };
  }
  const parsed = Filters.safeParse({
    timeRange: timeRange(values, now),
    keyAliases: values['key-alias'] ?? [],
    models: values.model ?? [],
    errorTypes: values['error-type'] ?? [],
    statusCodes: values['status-code'] ?? [],
    teamAliases: values['team-alias'] ?? [],
    categories: values.category ?? [],
    exclude: {
      keyAliases: values['not-key-alias'] ?? [],
      models: values['not-model'] ?? [],
      errorTypes: values['not-error-type'] ?? [],
      statusCodes: values['not-status-code'] ?? [],
      teamAliases: values['not-team-alias'] ?? [],
      categories: values['not-category'] ?? [],
    },
    text: values.text,
    limit: limit(values.limit),
  });
  if (!parsed.success) {
    const reason = describeZodError(parsed.error, 'filters');
    throw bad(
      reason
        .replace(/^exclude\.(\w+)/, (_m, f: string) => `--not-${kebab(f)}`)
        .replace(/^(\w+)/, (f) => `--${kebab(f)}`),
    );
  }
  if (values.out !== undefined && !values.out.trim()) throw bad('--out: expected a folder');
  if (values.ask !== undefined && !values.ask.trim())
    throw bad('--ask: expected a question, e.g. --ask "429s on gpt-4o since yesterday 2pm"');
  if (values.ask !== undefined && values.ask.length > 500) throw bad('--ask: at most 500 characters');
  const given = new Set<ProfileFilterField>();
  if (values.since !== undefined || values.from !== undefined) given.add('timeRange');
  const lists: [ProfileFilterField, unknown][] = [
    ['keyAliases', values['key-alias']],
    ['models', values.model],
    ['errorTypes', values['error-type']],
    ['statusCodes', values['status-code']],
    ['teamAliases', values['team-alias']],
  ];
  for (const [field, value] of lists) if (value !== undefined) given.add(field);
  return {
    source,
    filters: parsed.data,
    json: values.json ?? false,
    // A CLI's relative path means the current folder (the engine would take it inside the home folder).
    outDir: values.out === undefined ? undefined : resolve(values.out),
    llm: values.llm ?? false,
    ask: values.ask?.trim(),
    yes: values.yes ?? false,
    given,
  };
}

const FLAG_OF: Record<string, string> = {
  keyAliases: 'key-alias',
  models: 'model',
  errorTypes: 'error-type',
  statusCodes: 'status-code',
  teamAliases: 'team-alias',
  categories: 'category',
};
const kebab = (field: string) => FLAG_OF[field] ?? field;
