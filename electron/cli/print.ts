import type { InvestigationResult } from '../../shared/contract/investigation.ts';
import { count } from '../../shared/rate-words.ts';
import { terminalValue } from './terminal-text.ts';

function table(title: string, rows: readonly { label: string; count: number }[], total: number): string {
  if (rows.length === 0) return '';
  const safe = rows.map((r) => ({ ...r, label: terminalValue(r.label) }));
  const width = Math.min(48, Math.max(title.length, ...safe.map((r) => r.label.length)));
  const lines = safe.slice(0, 10).map((r) => {
    const share = total ? ` ${((r.count / total) * 100).toFixed(1).padStart(5)}%` : '';
    const label = r.label.length > width ? `${r.label.slice(0, width - 1)}…` : r.label;
    return `  ${label.padEnd(width)} ${count(r.count).padStart(7)}${share}`;
  });
  if (rows.length > 10) lines.push(`  … ${rows.length - 10} more`);
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

/** A terminal summary: totals, the breakdowns and the newest errors. */
export function formatInvestigation(r: InvestigationResult, columns = process.stdout.columns || 120): string {
  const parts = [
    `Source: ${terminalValue(r.source)}`,
    `Range:  ${r.query.from} → ${r.query.to} (UTC)`,
    ...r.notes.map((n) => `Note:   ${terminalValue(n)}`),
    '',
    `${count(r.total)} errors`,
    // Failed attempts (ErrorLogs) stand beside the failed requests, never added (issue 19).
    ...(r.failedAttempts !== undefined && !r.attempts?.standIn ? [`${count(r.failedAttempts)} failed attempts on deployments (not added to the errors)`] : []),
    '',
    table('By model', r.byModel.map((x) => ({ label: x.model, count: x.count })), r.total),
    table('By error type', r.byErrorType.map((x) => ({ label: x.errorType, count: x.count })), r.total),
    table('By key alias', r.byKeyAlias.map((x) => ({ label: x.keyAlias ?? '(no key alias)', count: x.count })), r.total),
  ];
  if (r.errors.length) {
    parts.push(`Newest ${count(r.errors.length)} of ${count(r.total)}`);
    for (const e of r.errors) {
      const v = (s: string | null) => terminalValue(s ?? '-');
      const head = `  ${e.time.slice(0, 19).replace('T', ' ')}  ${v(e.model).padEnd(18)} ${v(e.keyAlias).padEnd(16)} ${v(e.statusCode).padEnd(3)} ${v(e.errorType)}`;
      parts.push(head, `      ${oneLine(e.errorMessage, Math.max(40, columns - 8))}`);
    }
  }
  return parts.filter((p) => p !== undefined).join('\n') + '\n';
}
