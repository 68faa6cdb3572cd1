import type { Source } from '../../shared/connection.ts';
import { AppError } from '../../shared/errors.ts';
import type { TimeRange } from '../../shared/time-range.ts';
import { parseInvestigateArgs } from './investigate-args.ts';

export interface CheckCommand {
  source: Source;
  timeRange: TimeRange;
  json: boolean;
  /** Exit 1 when a finding is at least this sure (for CI). */
  failOn: 'certain' | 'likely' | 'possible' | null;
}

export const CHECK_USAGE = `Usage: logdesk check [source] [range] [output]

Is the gateway's database telling the truth, and will it hold? Reads LiteLLM's tables and
PostgreSQL's catalog, read-only: SpendLogs against the daily spend tables per day, model and key
(each difference with its cause where knowable), logging gaps, colliding request ids, tokens with no
spend, failures without error information, ErrorLogs switched off; table, index and TOAST sizes, the
heaviest JSON columns, growth per day, dead rows and last vacuum, missing indexes (with the
CREATE INDEX CONCURRENTLY a DBA would run), partitioning, the oldest row against retention.

Source: --demo, --url postgres://…, --profile NAME (as for logdesk investigate), --timeout SECONDS;
        a call-log table: --url mysql://…|FILE.db --table NAME [--map FIELD=COLUMN] (its size, time index,
        gaps and repeated ids)
Range:  --since 7d (default) or --from ISO [--to ISO]
Output:
  --json                 the check as one JSON document on stdout
  --fail-on certain|likely|possible
                         exit 1 when a finding is at least this sure (for CI)

Exit codes: 0 checked, 1 a finding at --fail-on, 2 bad arguments, 3 connection or query failure.`;

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);
const ALLOWED = new Set([
  'demo',
  'url',
  'profile',
  'table',
  'map',
  'success-values',
  'since',
  'from',
  'to',
  'timeout',
  'json',
  'help',
]);
const CERTAINTY = ['certain', 'likely', 'possible'] as const;

/** The source and range flags of investigate, `--json` and `--fail-on`; any filter flag is refused (a check covers all traffic). */
export function parseCheckArgs(argv: string[], now: number = Date.now()): CheckCommand | 'help' {
  const rest: string[] = [];
  let failOn: CheckCommand['failOn'] = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (m?.[1] === 'fail-on') {
      const value = m[2] ?? argv[++i];
      if (!CERTAINTY.includes(value as (typeof CERTAINTY)[number]))
        throw bad(`--fail-on: expected one of ${CERTAINTY.join(', ')}, got "${value ?? ''}"`);
      failOn = value as CheckCommand['failOn'];
      continue;
    }
    if (m && !ALLOWED.has(m[1]!))
      throw bad(
        `--${m[1]}: not an option of check (a check covers all traffic of the range; see logdesk check --help)`,
      );
    rest.push(arg);
  }
  const ranged = rest.some((a) => /^--(since|from)(=|$)/.test(a));
  const base = parseInvestigateArgs(ranged ? rest : [...rest, '--since', '7d'], now);
  if (base === 'help') return 'help';
  return { source: base.source, timeRange: base.filters.timeRange, json: base.json, failOn };
}
