import type { Finding, ReconciliationRow } from '../../../shared/health.ts';
import type { Gap } from './gaps.ts';
import { FLUSH_LIMIT } from './reconcile.ts';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
const money = (n: number) => `$${n.toFixed(4)}`;

type Cause = {
  title: (table: string, n: string) => string;
  explanation: string;
  certainty: Finding['certainty'];
  severity: Finding['severity'];
};
const CAUSES: Record<ReconciliationRow['cause'], Cause> = {
  retention: {
    title: (t, n) => `"${t}" holds ${n} that SpendLogs' retention has removed`,
    explanation:
      "These days are older than SpendLogs' oldest row, or are its first day, cut in the middle: its retention removed the rows, and the daily table is now " +
      'their only record. Not a loss.',
    certainty: 'certain',
    severity: 'info',
  },
  flush_limit: {
    title: (t, n) =>
      `"${t}" lacks ${n} that SpendLogs holds, on days a flush wrote exactly ${FLUSH_LIMIT} rows`,
    explanation:
      `LiteLLM's daily spend writer kept the first ${FLUSH_LIMIT} entries of each flush and dropped the rest (LiteLLM #29292, fixed by PR #30505): ` +
      'usage dashboards and budgets built on the daily tables undercount. SpendLogs is the answer for these days.',
    certainty: 'likely',
    severity: 'problem',
  },
  day_boundary: {
    title: (t, n) => `${n} counted on the neighbouring day in "${t}"`,
    explanation:
      "The difference on one day is matched by the opposite difference on the next: the daily table's day is not the UTC day of SpendLogs' startTime " +
      '(a proxy writing local dates). Totals over both days agree.',
    certainty: 'likely',
    severity: 'warning',
  },
  gap: {
    title: (t, n) => `SpendLogs lacks ${n} that "${t}" counted, on days with a logging gap`,
    explanation:
      'The daily table counted requests SpendLogs has no row for, on a day where minutes of steady traffic are missing from SpendLogs: rows were lost on the way to the database (a dropped batch, LiteLLM #33873).',
    certainty: 'likely',
    severity: 'problem',
  },
  missing_entry: {
    title: (t, n) => `"${t}" has no entry for ${n} that SpendLogs holds`,
    explanation:
      'Whole day, model and key entries are missing from the daily table while SpendLogs holds their requests: the daily writer dropped them ' +
      '(LiteLLM #29292 without a flush at the limit to show it, or a failed write). Dashboards and budgets built on the daily tables undercount.',
    certainty: 'likely',
    severity: 'problem',
  },
  unexplained: {
    title: (t, n) => `SpendLogs and "${t}" disagree by ${n}`,
    explanation:
      'No known cause fits. Where SpendLogs holds more, the daily writer lost entries; where the daily table holds more, SpendLogs lost rows ' +
      '(request_id collisions, LiteLLM #39749; a dropped batch, #33873; `disable_spend_logs` for a while).',
    certainty: 'possible',
    severity: 'warning',
  },
};

/** One finding per daily table and cause, the rows of the difference as details. */
export function reconciliationFindings(
  rows: readonly ReconciliationRow[],
  keyAlias: (key: string) => string | null,
): Finding[] {
  const groups = new Map<string, ReconciliationRow[]>();
  for (const r of rows)
    groups.set(`${r.table}\u0000${r.cause}`, [...(groups.get(`${r.table}\u0000${r.cause}`) ?? []), r]);
  return [...groups.values()].map((group) => {
    const { table, cause } = group[0]!;
    const requests = group.reduce((s, r) => s + Math.abs(r.spendLogs.requests - r.daily.requests), 0);
    const days = group.map((r) => r.day).sort();
    const from = `${days[0]}T00:00:00.000Z`;
    const to = dayAfter(days.at(-1)!);
    const models = [...new Set(group.map((r) => r.model))];
    const aliases = [...new Set(group.map((r) => keyAlias(r.key)).filter((a): a is string => a !== null))];
    const what =
      requests > 0
        ? plural(requests, 'request')
        : plural(group.length, 'day, model and key', 'days, models and keys');
    const c = CAUSES[cause];
    return {
      kind: 'reconciliation',
      area: 'integrity',
      title: c.title(table, what),
      count: requests > 0 ? requests : group.length,
      unit: requests > 0 ? 'requests' : 'rows',
      explanation: c.explanation,
      certainty: c.certainty,
      severity: c.severity,
      touches: { from, to },
      where: {
        tab: 'traffic',
        from,
        to,
        models: models.length <= 5 ? models : [],
        keyAliases:
          aliases.length <= 5 && aliases.length === new Set(group.map((r) => r.key)).size ? aliases : [],
      },
      details: group
        .slice(0, 12)
        .map((r) => {
          const key = keyAlias(r.key) ?? (r.key ? `${r.key.slice(0, 10)}…` : '(no key)');
          const side = (f: ReconciliationRow['daily']) =>
            `${f.requests} req, ${f.failed} failed, ${f.tokens} tok, ${money(f.spend)}`;
          return `${r.day} ${r.model || '(no model)'} ${key}: SpendLogs ${side(r.spendLogs)}; daily ${side(r.daily)}`;
        })
        .concat(group.length > 12 ? [`… ${group.length - 12} more`] : []),
    } satisfies Finding;
  });
}

export function gapFinding(gaps: readonly Gap[]): Finding | null {
  if (!gaps.length) return null;
  const minutes = gaps.reduce((s, g) => s + g.minutes, 0);
  const missing = gaps.reduce((s, g) => s + g.expectedMissing, 0);
  const first = gaps[0]!;
  const around = (iso: string, deltaMin: number) =>
    new Date(Date.parse(iso) + deltaMin * 60_000).toISOString();
  return {
    kind: 'gap',
    severity: 'problem',
    area: 'integrity',
    title: `${plural(gaps.length, 'logging gap')}: ${plural(minutes, 'minute')} with no request logged amid steady traffic`,
    count: gaps.length,
    unit: 'gaps',
    explanation:
      `About ${missing.toLocaleString('en-US')} requests would have been logged at the rate around ${gaps.length === 1 ? 'it' : 'them'}. Either the proxy served nothing ` +
      '(check the load balancer) or its rows never reached SpendLogs (a batch dropped on a database error, LiteLLM #33873).',
    certainty: 'likely',
    touches: { from: first.from, to: gaps.at(-1)!.to },
    where: {
      tab: 'traffic',
      from: around(first.from, -30),
      to: around(first.to, 30),
      models: [],
      keyAliases: [],
    },
    details: gaps
      .slice(0, 12)
      .map(
        (g) => `${g.from} → ${g.to}: ${plural(g.minutes, 'minute')} empty, ${g.ratePerMinute}/min around it`,
      ),
  };
}

export function notVisibleFinding(notVisible: readonly { what: string; needs: string }[]): Finding | null {
  if (!notVisible.length) return null;
  return {
    kind: 'not_visible',
    severity: 'info',
    area: 'integrity',
    title: `${plural(notVisible.length, 'part')} of the check could not be read with this role`,
    count: notVisible.length,
    unit: 'parts',
    explanation:
      'These checks were skipped, not passed: grant the privileges named below to a read-only role to run them.',
    certainty: 'certain',
    touches: null,
    where: null,
    details: notVisible.map((n) => `${n.what}: needs ${n.needs}`),
  };
}
