import { filterValueLabel } from '../../shared/filters.ts';
import type { InvestigationResult } from '../../shared/contract/investigation.ts';
import type { Remainder } from '../../shared/investigation.ts';
import { count } from '../../shared/rate-words.ts';
import { displayWidth, padEndWidth, truncateWidth } from '../../shared/display-width.ts';
import { terminalValue } from './terminal-text.ts';

function table(
  title: string,
  rows: readonly { label: string; count: number }[],
  total: number,
  beyond?: Remainder,
): string {
  if (rows.length === 0) return '';
  const safe = rows.map((r) => ({ ...r, label: terminalValue(r.label) }));
  // Columns, not UTF-16 units: a CJK alias takes two per character.
  const width = Math.min(48, Math.max(title.length, ...safe.map((r) => displayWidth(r.label))));
  const lines = safe.slice(0, 10).map((r) => {
    const share = total ? ` ${((r.count / total) * 100).toFixed(1).padStart(5)}%` : '';
    return `  ${padEndWidth(truncateWidth(r.label, width), width)} ${count(r.count).padStart(7)}${share}`;
  });
  // The values past the first ten here and past the query's own top N, as one "(other N values)" line.
  const values = Math.max(0, rows.length - 10) + (beyond?.values ?? 0);
  if (values > 0) {
    const errors = rows.slice(10).reduce((s, r) => s + r.count, 0) + (beyond?.count ?? 0);
    const share = total ? ` ${((errors / total) * 100).toFixed(1).padStart(5)}%` : '';
    lines.push(`  ${`(other ${count(values)} values)`.padEnd(width)} ${count(errors).padStart(7)}${share}`);
  }
  return `${title}\n${lines.join('\n')}\n`;
}

export const oneLine = (s: string | null, max: number) => {
  const flat = terminalValue((s ?? '').replace(/\s+/g, ' ').trim());
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** Word-wrapped to `width` columns, continuation lines indented by `indent`: for lines worth reading whole. */
export function wrapped(s: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of terminalValue(s.replace(/\s+/g, ' ').trim()).split(' ')) {
    const room = width - (lines.length ? indent.length : 0);
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => (i ? indent + l : l));
}

/**
 * A terminal summary: totals, the error rate (`rate`: its words from shared/rate-basis.ts, the
 * app's summary line; null when it could not be read), the breakdowns and the newest errors.
 */
export function formatInvestigation(
  r: InvestigationResult,
  columns = process.stdout.columns || 120,
  rate?: string | null,
): string {
  const parts = [
    `Source: ${terminalValue(r.source)}`,
    `Range:  ${r.query.from} → ${r.query.to} (UTC)`,
    ...r.notes.map((n) => `Note:   ${terminalValue(n)}`),
    '',
    `${count(r.total)} errors`,
    ...(rate === undefined
      ? []
      : [`Error rate: ${rate ?? 'unknown (the request totals could not be read)'}`]),
    // Failed attempts (ErrorLogs) stand beside the failed requests, never added (issue 19).
    ...(r.failedAttempts !== undefined && !r.attempts?.standIn
      ? [`${count(r.failedAttempts)} failed attempts on deployments (not added to the errors)`]
      : []),
    '',
    table(
      'By model',
      r.byModel.map((x) => ({ label: x.model, count: x.count })),
      r.total,
      r.others?.byModel,
    ),
    table(
      'By error type',
      r.byErrorType.map((x) => ({ label: x.errorType, count: x.count })),
      r.total,
      r.others?.byErrorType,
    ),
    table(
      'By key alias',
      r.byKeyAlias.map((x) => ({ label: filterValueLabel('keyAliases', x.keyAlias), count: x.count })),
      r.total,
      r.others?.byKeyAlias,
    ),
  ];
  if (r.errors.length) {
    parts.push(`Newest ${count(r.errors.length)} of ${count(r.total)}`);
    for (const e of r.errors) {
      const v = (s: string | null) => terminalValue(s ?? '-');
      const cell = (s: string | null, width: number) => padEndWidth(truncateWidth(v(s), width), width);
      const head = `  ${e.time.slice(0, 19).replace('T', ' ')}  ${cell(e.model, 18)} ${cell(e.keyAlias, 16)} ${v(e.statusCode).padEnd(3)} ${v(e.errorType)}`;
      parts.push(head, `      ${oneLine(e.errorMessage, Math.max(40, columns - 8))}`);
    }
  }
  return parts.filter((p) => p !== undefined).join('\n') + '\n';
}
