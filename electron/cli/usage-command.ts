import type { TrafficResult } from '../../shared/contract/traffic.ts';
import type { TrafficFigures, TrafficSummary } from '../../shared/traffic.ts';
import { breakdownOf, usageCsv } from '../engine/reports/usage-csv.ts';
import { formatChange, formatMs, formatRate, formatSpend, spendLines } from '../../shared/traffic-format.ts';
import { oneLine } from './print.ts';
import { progressOnStderr } from './progress.ts';
import { USAGE_USAGE, parseUsageArgs } from './usage-args.ts';
import type { CliIo, OpenEngine } from './cli-io.ts';

function summaryLines(t: TrafficResult): string[] {
  const s: TrafficSummary = t.summary;
  const p = t.previous;
  const row = (label: string, now: string, before: string) =>
    `  ${label.padEnd(16)} ${now.padStart(14)}   (before: ${before})`;
  return [
    row('Requests', s.requests.toLocaleString('en-US'), p.requests.toLocaleString('en-US')),
    row('Failed', s.failed.toLocaleString('en-US'), p.failed.toLocaleString('en-US')),
    ...(s.inFlight || p.inFlight
      ? [
          row(
            'In flight',
            (s.inFlight ?? 0).toLocaleString('en-US'),
            (p.inFlight ?? 0).toLocaleString('en-US'),
          ),
        ]
      : []),
    row('Error rate', formatRate(s.errorRate), formatRate(p.errorRate)),
    row(
      'p50 / p95 / p99',
      `${formatMs(s.p50Ms)} / ${formatMs(s.p95Ms)} / ${formatMs(s.p99Ms)}`,
      `${formatMs(p.p50Ms)} / ${formatMs(p.p95Ms)} / ${formatMs(p.p99Ms)}`,
    ),
    row(
      'TTFT p50 / p95',
      `${formatMs(s.ttftP50Ms)} / ${formatMs(s.ttftP95Ms)}`,
      `${formatMs(p.ttftP50Ms)} / ${formatMs(p.ttftP95Ms)}`,
    ),
    row('Tokens', s.totalTokens.toLocaleString('en-US'), p.totalTokens.toLocaleString('en-US')),
    `  ${'  prompt/compl.'.padEnd(16)} ${s.promptTokens.toLocaleString('en-US')} / ${s.completionTokens.toLocaleString('en-US')}; cached ${s.cachedTokens.toLocaleString('en-US')}, reasoning ${s.reasoningTokens.toLocaleString('en-US')}`,
    ...spendRows(t, row),
  ];
}

/** One spend line per currency, never a sum across currencies. */
function spendRows(t: TrafficResult, row: (label: string, now: string, before: string) => string): string[] {
  return spendLines(t.summary, t.previous, t.query.currency).map((l, i) =>
    row(i ? '' : 'Spend', l.now, l.before),
  );
}

function breakdownLines(t: TrafficResult, by: Parameters<typeof breakdownOf>[1]): string[] {
  const { title, rows, rest } = breakdownOf(t, by);
  const figure = (f: TrafficFigures) =>
    `${f.requests.toLocaleString('en-US').padStart(8)} ${formatRate(f.errorRate).padStart(7)} ${formatMs(f.p95Ms).padStart(8)} ${f.totalTokens.toLocaleString('en-US').padStart(11)} ${formatSpend(f.spend, f.spendEstimated, '').padStart(11)}`;
  const lines = [
    `By ${title.toLowerCase()}`,
    `  ${''.padEnd(40)} requests  errors      p95      tokens       spend   change`,
  ];
  for (const { name, item } of rows.slice(0, 20)) {
    lines.push(
      `  ${oneLine(name, 40).padEnd(40)} ${figure(item)}   ${formatChange(item.errorRate, item.previous?.errorRate ?? null, 'rate')}`,
    );
  }
  // The values past the first 20 here and past the query's own top N, summed on one line.
  const hidden = rows.slice(20).map((r) => r.item);
  const values = hidden.length + (rest?.values ?? 0);
  if (values > 0) {
    const requests = hidden.reduce((s, r) => s + r.requests, 0) + (rest?.requests ?? 0);
    const failed = hidden.reduce((s, r) => s + r.failed, 0) + (rest?.failed ?? 0);
    lines.push(
      `  ${`(other ${values.toLocaleString('en-US')} values)`.padEnd(40)} ${requests.toLocaleString('en-US').padStart(8)} ${formatRate(requests ? failed / requests : 0).padStart(7)}`,
    );
  }
  return lines;
}

const PAGE = 1000;

/** `logdesk usage`: the traffic overview on the terminal, as the §8 JSON document, or as CSV. */
export async function usageCommand(argv: string[], openEngine: OpenEngine, io: CliIo): Promise<number> {
  const command = parseUsageArgs(argv);
  if (command === 'help') {
    io.stdout(`${USAGE_USAGE}\n`);
    return 0;
  }
  const engine = await openEngine();
  const progress = progressOnStderr(io.stderr);
  progress.step(
    command.source.kind === 'demo'
      ? 'Preparing the demo database and reading the traffic'
      : 'Reading the traffic',
  );
  // The contract pages at most PAGE requests; a larger --limit reads the following pages.
  const first = Math.max(1, Math.min(command.limit, PAGE));
  const base = { source: command.source, filters: command.filters, granularity: command.granularity };
  const result = await engine.call('traffic.run', {
    ...base,
    basis: command.basis,
    page: { sort: 'time', direction: 'desc', cursor: command.cursor, limit: first },
  });
  while (result.nextCursor && result.requests.length < command.limit) {
    const page = await engine.call('traffic.requests', {
      ...base,
      page: {
        sort: 'time',
        direction: 'desc',
        cursor: result.nextCursor,
        limit: Math.min(PAGE, command.limit - result.requests.length),
      },
    });
    result.requests.push(...page.requests);
    result.nextCursor = page.nextCursor;
  }
  progress.done();
  if (command.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (command.csv) io.stdout(usageCsv(result, command.by));
  else {
    const lines = [
      `Source: ${result.source}`,
      `Range:  ${result.query.from} → ${result.query.to} (UTC), ${result.basisLabel}; before: ${result.query.previousFrom} → ${result.query.previousTo}`,
      ...result.notes.map((n) => `Note:   ${n}`),
      '',
      ...summaryLines(result),
      '',
      ...breakdownLines(result, command.by ?? 'model'),
    ];
    io.stdout(`${lines.join('\n')}\n`);
  }
  return 0;
}
