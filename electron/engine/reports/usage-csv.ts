import { missingValueLabel } from '../../../shared/filters.ts';
import type { Traffic, TrafficDimension, TrafficFigures, UsageRemainder } from '../../../shared/traffic.ts';
import { csvRecord } from './csv.ts';

/** Which breakdown each `--by` names, and the label of its key. */
export const BREAKDOWNS: Record<TrafficDimension, { list: keyof Traffic; key: string; title: string }> = {
  model: { list: 'byModel', key: 'model', title: 'Model' },
  deployment: { list: 'byDeployment', key: 'deployment', title: 'Deployment' },
  key: { list: 'byKeyAlias', key: 'keyAlias', title: 'Key alias' },
  team: { list: 'byTeam', key: 'teamAlias', title: 'Team' },
  user: { list: 'byEndUser', key: 'endUser', title: 'End user' },
};

export type UsageItem = TrafficFigures & { previous: TrafficFigures | null } & Record<string, unknown>;

/** A row's name where people read it (text, HTML): the missing value as the app names it. */
const MISSING_NAME: Partial<Record<TrafficDimension, string>> = {
  key: missingValueLabel('keyAliases'),
  team: missingValueLabel('teamAliases'),
};

export function breakdownOf(
  t: Traffic,
  by: TrafficDimension,
): {
  title: string;
  rows: { label: string | null; name: string; item: UsageItem }[];
  rest: UsageRemainder | null;
} {
  const spec = BREAKDOWNS[by];
  const list = t[spec.list] as UsageItem[];
  const rest = t.others?.[spec.list as keyof NonNullable<Traffic['others']>] ?? null;
  return {
    title: spec.title,
    // Values past the query's top N: one "(other N values)" line wherever the breakdown is shown.
    rest: rest && rest.values > 0 ? rest : null,
    rows: list.map((item) => {
      const label =
        by === 'deployment' && item.apiBase
          ? `${String(item.deployment ?? '')} @ ${String(item.apiBase)}`
          : (item[spec.key] as string | null);
      return { label, name: label ?? MISSING_NAME[by] ?? '(none)', item };
    }),
  };
}

const COLUMNS = [
  'dimension',
  'value',
  'requests',
  'failed',
  'error_rate',
  'p95_ms',
  'total_tokens',
  'spend',
  'spend_estimated',
  'previous_requests',
  'previous_failed',
  'previous_error_rate',
  'previous_p95_ms',
  'previous_spend',
] as const;

const round =
  (digits: number) =>
  (n: number | null | undefined): number | null =>
    n === null || n === undefined ? null : Math.round(n * 10 ** digits) / 10 ** digits;
/**
 * Rounded as people and spreadsheets read them (issue 24 item 12): a rate to 4 decimals (0.1143 =
 * 11.43%), milliseconds whole, spend to 6 decimals (a millionth of a unit: cheap calls still show).
 */
const rate = round(4);
const ms = round(0);
const money = round(6);

/** `usage_HHMMSS.csv`: one row per breakdown value of every dimension (or only `by`), with the period before. */
export function usageCsv(t: Traffic, by?: TrafficDimension): string {
  const dims = by ? [by] : (Object.keys(BREAKDOWNS) as TrafficDimension[]);
  let out = csvRecord(COLUMNS);
  out += csvRecord([
    'total',
    null,
    t.summary.requests,
    t.summary.failed,
    rate(t.summary.errorRate),
    ms(t.summary.p95Ms),
    t.summary.totalTokens,
    money(t.summary.spend),
    String(t.summary.spendEstimated),
    t.previous.requests,
    t.previous.failed,
    rate(t.previous.errorRate),
    ms(t.previous.p95Ms),
    money(t.previous.spend),
  ]);
  for (const dim of dims) {
    const { rows, rest } = breakdownOf(t, dim);
    for (const { label, item } of rows) {
      const p = item.previous;
      out += csvRecord([
        dim,
        label,
        item.requests,
        item.failed,
        rate(item.errorRate),
        ms(item.p95Ms),
        item.totalTokens,
        money(item.spend),
        String(item.spendEstimated),
        p?.requests ?? null,
        p?.failed ?? null,
        rate(p?.errorRate),
        ms(p?.p95Ms),
        money(p?.spend),
      ]);
    }
    if (rest) {
      out += csvRecord([
        dim,
        `(other ${rest.values} values)`,
        rest.requests,
        rest.failed,
        rate(rest.errorRate),
        null,
        rest.totalTokens,
        money(rest.spend),
        String(rest.spendEstimated),
        null,
        null,
        null,
        null,
        null,
      ]);
    }
  }
  return out;
}
