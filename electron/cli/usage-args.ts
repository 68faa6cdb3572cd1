import type { Source } from '../../shared/connection.ts';
import { AppError, describeZodError } from '../../shared/errors.ts';
import { Granularity, Outcome, TrafficDimension, TrafficFilters } from '../../shared/traffic.ts';
import { parseInvestigateArgs } from './investigate-args.ts';
import { cliNow } from '../engine/platform/clock.ts';

export interface UsageCommand {
  source: Source;
  filters: TrafficFilters;
  granularity: Granularity | undefined;
  by: TrafficDimension | undefined;
  basis: 'auto' | 'spend_logs' | 'daily';
  json: boolean;
  csv: boolean;
  limit: number;
  /** Where the request list starts: a `nextCursor` of an earlier answer. */
  cursor: string | null;
}

export const USAGE_USAGE = `Usage: logdesk usage [source] [filters] [output]

All requests, not only failures: error rate, latency, tokens and spend, against the period before.
Source and filters as for logdesk investigate (--demo, --url, --profile, --table, --map, --price-table,
--price, --no-price-table, --rollup-table, --no-rollup-table, --since, --from/--to, --key-alias, --model,
--error-type, --status-code, --team-alias, --text, --limit), plus:
  --end-user U           LiteLLM end_user (repeatable)
  --session S            session_id (repeatable)
  --deployment D         deployment model or api_base (repeatable)
  --outcome all|success|failure
  --granularity minute|hour|day|week|month   series buckets (default: from the range)
  --by model|deployment|key|team|user        the breakdown to print (default: model)
  --basis auto|spend_logs|daily              daily tables (LiteLLM) or LLMTokenUsage roll-ups (default auto)
  --model-contains TEXT  models whose name contains TEXT, any case (call-log tables)
  --limit N              requests listed, newest first (default 100, at most 100000)
  --cursor C             the next page: the "nextCursor" of the previous --json answer

Output:
  --json                 the usage document on stdout (summary, previous period, breakdowns,
                         series, requests, nextCursor; spend per currency in summary.spendByCurrency)
  --csv                  the breakdowns as CSV on stdout

Exit codes: 0 success, 2 bad arguments, 3 connection or query failure.`;

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);
const OWN = {
  'end-user': true,
  session: true,
  deployment: true,
  outcome: false,
  granularity: false,
  by: false,
  basis: false,
  'model-contains': false,
  cursor: false,
} as const;
type Own = keyof typeof OWN;

function enumValue<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw bad(`--${flag}: expected one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** Takes `usage`'s own flags out of argv and hands the rest to investigate's parser (same source and filter flags). */
export function parseUsageArgs(argv: string[], now: number = cliNow()): UsageCommand | 'help' {
  const own = new Map<Own, string[]>();
  const rest: string[] = [];
  let csv = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--csv') {
      csv = true;
      continue;
    }
    if (arg === '--out' || arg.startsWith('--out=') || arg === '--llm')
      throw bad(
        `${arg.split('=')[0]}: not an option of usage (the report of investigate --out holds the traffic section)`,
      );
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = m?.[1] as Own | undefined;
    if (!name || !(name in OWN)) {
      rest.push(arg);
      continue;
    }
    const value = m![2] ?? argv[++i];
    if (value === undefined) throw bad(`--${name}: expected a value`);
    if (!OWN[name] && own.has(name)) throw bad(`--${name}: given twice`);
    own.set(name, [...(own.get(name) ?? []), value]);
  }
  const base = parseInvestigateArgs(rest, now);
  if (base === 'help') return 'help';
  if (base.json && csv) throw bad('--json and --csv: choose one output');
  const one = (name: Own) => own.get(name)?.[0];
  const parsed = TrafficFilters.safeParse({
    ...base.filters,
    endUsers: own.get('end-user') ?? [],
    sessionIds: own.get('session') ?? [],
    deployments: own.get('deployment') ?? [],
    outcome: enumValue('outcome', one('outcome'), Outcome.options) ?? 'all',
    ...(own.has('model-contains') ? { modelContains: one('model-contains') } : {}),
  });
  if (!parsed.success) {
    const flags: Record<string, string> = {
      endUsers: 'end-user',
      sessionIds: 'session',
      deployments: 'deployment',
      modelContains: 'model-contains',
    };
    throw bad(describeZodError(parsed.error, 'filters').replace(/^(\w+)/, (f) => `--${flags[f] ?? f}`));
  }
  return {
    source: base.source,
    filters: parsed.data,
    granularity: enumValue('granularity', one('granularity'), Granularity.options),
    by: enumValue('by', one('by'), TrafficDimension.options),
    basis: enumValue('basis', one('basis'), ['auto', 'spend_logs', 'daily'] as const) ?? 'auto',
    json: base.json,
    csv,
    limit: base.filters.limit,
    cursor: one('cursor') ?? null,
  };
}
