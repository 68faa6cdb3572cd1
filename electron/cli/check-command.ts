import type { Finding, HealthReport } from '../../shared/health.ts';
import { CHECK_USAGE, parseCheckArgs } from './check-args.ts';
import type { CliIo, OpenEngine } from './cli-io.ts';

const RANK = { certain: 0, likely: 1, possible: 2 } as const;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function findingLines(f: Finding): string[] {
  const where = f.where
    ? [
        `    look at: ${f.where.tab} ${f.where.from} → ${f.where.to}${f.where.models.length ? ` model ${f.where.models.join(', ')}` : ''}${f.where.keyAliases.length ? ` key ${f.where.keyAliases.join(', ')}` : ''}`,
      ]
    : [];
  return [
    `  [${f.certainty}] ${f.title}`,
    `    ${f.explanation}`,
    ...f.details.map((d) => `    · ${d}`),
    ...where,
  ];
}

export function checkText(r: HealthReport): string {
  const lines = [`Source: ${r.source}`, `Range:  ${r.range.from} → ${r.range.to} (UTC)`, ''];
  lines.push(
    r.findings.length
      ? `Findings (${r.findings.length})`
      : 'No findings: the logs agree with each other and the tables look healthy.',
  );
  for (const f of r.findings) lines.push(...findingLines(f));
  lines.push('', 'Tables');
  for (const t of r.tables) {
    lines.push(
      `  ${t.table.padEnd(26)} ${mb(t.totalBytes).padStart(10)} total, ${mb(t.indexBytes)} indexes, ${mb(t.toastBytes)} TOAST; ~${t.rowsEstimate.toLocaleString('en-US')} rows, ${(t.deadTuples ?? 0).toLocaleString('en-US')} dead; vacuum ${t.lastVacuum ?? 'never'}`,
    );
  }
  if (r.jsonColumns.length)
    lines.push(
      '',
      'JSON per SpendLogs row (newest rows sampled)',
      ...r.jsonColumns.map(
        (c) =>
          `  ${c.column.padEnd(32)} ${c.avgBytes.toLocaleString('en-US').padStart(8)} bytes  ${Math.round(c.shareOfRow * 100)}%`,
      ),
    );
  if (r.notVisible.length)
    lines.push('', 'Not visible to this role', ...r.notVisible.map((n) => `  ${n.what}: needs ${n.needs}`));
  if (r.notes.length) lines.push('', ...r.notes.map((n) => `Note: ${n}`));
  return `${lines.join('\n')}\n`;
}

/** `logdesk check`: integrity and health of the database, on the terminal or as JSON. */
export async function checkCommand(argv: string[], openEngine: OpenEngine, io: CliIo): Promise<number> {
  const command = parseCheckArgs(argv);
  if (command === 'help') {
    io.stdout(`${CHECK_USAGE}\n`);
    return 0;
  }
  const report = await (
    await openEngine()
  ).call('health.check', {
    source: command.source,
    timeRange: command.timeRange,
  });
  io.stdout(command.json ? `${JSON.stringify(report, null, 2)}\n` : checkText(report));
  const failOn = command.failOn;
  return failOn && report.findings.some((f) => RANK[f.certainty] <= RANK[failOn]) ? 1 : 0;
}
