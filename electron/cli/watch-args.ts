import { AppError } from '../../shared/errors.ts';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../engine/watch/detector.ts';
import { parseQuietHours, type QuietHours } from '../engine/watch/quiet-hours.ts';
import { parseInvestigateArgs, type InvestigateCommand } from './investigate-args.ts';

export interface WatchCommand {
  source: InvestigateCommand['source'];
  filters: InvestigateCommand['filters'];
  everyMs: number;
  baselineMs: number;
  thresholds: Thresholds;
  quietHours: QuietHours | null;
  webhook: string | undefined;
  command: string | undefined;
  /** Stop after this many polls (scripts, tests); forever when absent. */
  polls: number | undefined;
}

export const WATCH_USAGE = `Usage: logdesk watch [source] [filters] [--every 60s] [notify] [thresholds]

Polls the source's error and request totals and prints one line when an incident starts and one
when it is over (Ctrl+C stops). Source and filter flags as in logdesk investigate (--demo, --url,
--profile, --key-alias, --model, --error-type, --status-code, --team-alias, --text).

Polling:
  --every 60s            poll interval and window length (s, m or h; default 60s, at least 10s)
  --baseline 1h          trailing baseline the window is compared with (default 1h)
  --polls N              stop after N polls

Notify (besides the line on stdout):
  --webhook URL          POST Slack-compatible JSON ({"text": …}) to URL
  --command CMD          run CMD through the shell; LOGDESK_EVENT=incident|recovered, LOGDESK_MESSAGE,
                         LOGDESK_SINCE, LOGDESK_WATCH in its environment, the event as JSON on stdin
  --quiet-hours 22:00-07:00
                         hold notifications back in these local hours (--tz ZONE, default the system's)

Thresholds (an incident is an error spike or an error-rate jump):
  --spike-factor 3       errors in the window ≥ this × the baseline's errors per window
  --min-errors 10        and at least this many errors
  --rate-jump 10         error rate up by at least this many percentage points
  --min-requests 20      with at least this many requests in the window
  --recover-after 2      clean polls in a row before "recovered"`;

const WATCH_FLAGS = new Set([
  'every',
  'baseline',
  'polls',
  'webhook',
  'command',
  'quiet-hours',
  'tz',
  'spike-factor',
  'min-errors',
  'rate-jump',
  'min-requests',
  'recover-after',
]);
const NOT_FOR_WATCH = new Set(['--json', '--out', '--llm', '--ask', '--limit', '--since', '--from', '--to']);

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);
const UNIT = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

export function parseInterval(flag: string, text: string): number {
  const m = /^(\d{1,6})(s|m|h)$/.exec(text.trim());
  if (!m || Number(m[1]) === 0) throw bad(`--${flag}: expected a duration like 30s, 5m or 1h, got "${text}"`);
  return Number(m[1]) * UNIT[m[2] as keyof typeof UNIT];
}

function number(flag: string, text: string, min: number, integer: boolean): number {
  const n = Number(text);
  if (!text.trim() || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw bad(
      `--${flag}: expected ${integer ? 'a whole number' : 'a number'} of at least ${min}, got "${text}"`,
    );
  }
  return n;
}

/** Splits the watch's own flags from the source and filter flags, which `investigate` parses. */
export function parseWatchArgs(argv: string[]): WatchCommand | 'help' {
  const own = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    const [flag, inline] = arg.startsWith('--')
      ? [arg.slice(2).split('=')[0]!, arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined]
      : ['', undefined];
    if (NOT_FOR_WATCH.has(`--${flag}`))
      throw bad(
        `--${flag} is not a watch option: the window is --every, alerts go to stdout, --webhook or --command`,
      );
    if (!WATCH_FLAGS.has(flag)) {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw bad(`--${flag}: expected a value`);
    own.set(flag, value);
  }
  const parsed = parseInvestigateArgs(rest);
  if (parsed === 'help') return 'help';
  const get = (flag: string) => own.get(flag);
  const everyMs = get('every') ? parseInterval('every', get('every')!) : 60_000;
  if (everyMs < 10_000) throw bad('--every: at least 10s (each poll is a query on the gateway database)');
  const baselineMs = get('baseline') ? parseInterval('baseline', get('baseline')!) : 3_600_000;
  if (baselineMs < 2 * everyMs) throw bad('--baseline: must be at least twice --every');
  const webhook = get('webhook');
  if (webhook !== undefined) {
    let url: URL;
    try {
      url = new URL(webhook);
    } catch {
      throw bad('--webhook: expected an http(s) URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw bad('--webhook: expected an http(s) URL');
  }
  const command = get('command');
  if (command !== undefined && !command.trim()) throw bad('--command: expected a command');
  const t = { ...DEFAULT_THRESHOLDS };
  if (get('spike-factor')) t.spikeFactor = number('spike-factor', get('spike-factor')!, 1, false);
  if (get('min-errors')) t.minErrors = number('min-errors', get('min-errors')!, 1, true);
  if (get('rate-jump')) t.rateJump = number('rate-jump', get('rate-jump')!, 0, false) / 100;
  if (get('min-requests')) t.minRequests = number('min-requests', get('min-requests')!, 1, true);
  if (get('recover-after')) t.recoverAfter = number('recover-after', get('recover-after')!, 1, true);
  const zone = get('tz') ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    throw bad(`--tz: unknown time zone "${zone}" (e.g. Europe/Paris)`);
  }
  const quiet = get('quiet-hours');
  return {
    source: parsed.source,
    filters: parsed.filters,
    everyMs,
    baselineMs,
    thresholds: t,
    quietHours: quiet ? parseQuietHours(quiet, zone) : null,
    webhook,
    command,
    polls: get('polls') ? number('polls', get('polls')!, 1, true) : undefined,
  };
}
