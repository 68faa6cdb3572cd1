import { controlsShown } from '../../../shared/control-chars.ts';
import type { Remainder } from '../../../shared/investigation.ts';
import { missingValueLabel } from '../../../shared/filters.ts';
import { CATEGORY_LABELS } from '../../../shared/taxonomy.ts';
import { formatCount, percent } from './format.ts';
import { spikeLabel } from './dimension-label.ts';
import { trafficMarkdown } from './html/traffic-section.ts';
import { dataQualityMarkdown } from './html/data-quality-section.ts';
import { describeFilters, type ReportModel } from './report-model.ts';
import { neutraliseMarkdown } from './untrusted-markdown.ts';

/**
 * The summary to paste into an incident channel, a GitHub issue or a Jira ticket. Only constructs
 * that read well in all three even where they do not render: bold lines, bullets and inline code —
 * no tables or headings (Slack shows those as raw text) and no HTML.
 */

/** Inline code that cannot be broken out of: backticks swapped, whitespace flattened, length capped. */
const code = (text: string, max = 120) => {
  const flat = text.replace(/`/g, "'").replace(/\s+/g, ' ').trim();
  return `\`${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}\``;
};

function topList(
  title: string,
  rows: { label: string | null; count: number }[],
  total: number,
  beyond?: Remainder,
  n = 5,
): string[] {
  if (rows.length === 0) return [];
  const lines = [`**${title}**`];
  for (const r of rows.slice(0, n))
    lines.push(
      `- ${r.label === null ? missingValueLabel('keyAliases') : code(r.label)}: ${formatCount(r.count)} (${percent(r.count, total)})`,
    );
  // Past the first n here and past the query's own top N (the remainder it counted) alike.
  const more = Math.max(0, rows.length - n) + (beyond?.values ?? 0);
  if (more > 0) {
    const rest = rows.slice(n).reduce((s, r) => s + r.count, 0) + (beyond?.count ?? 0);
    lines.push(`- ${formatCount(more)} more: ${formatCount(rest)} (${percent(rest, total)})`);
  }
  lines.push('');
  return lines;
}

/** Failed requests and failed attempts as two lines, never one sum (issue 19); a mapped source's errors. */
function headline(inv: ReportModel['investigation']): string[] {
  if (inv.failedAttempts === undefined) return [`- Errors: **${formatCount(inv.total)}**`];
  if (inv.attempts?.standIn)
    return [`- Failed attempts (no failed request logged): **${formatCount(inv.total)}**`];
  return [
    `- Failed requests: **${formatCount(inv.total)}**`,
    `- Failed attempts on deployments: **${formatCount(inv.failedAttempts)}**`,
  ];
}

export function markdownSummary(m: ReportModel): string {
  const inv = m.investigation;
  const q = inv.query;
  const filters = describeFilters(q);
  const lines = [
    `**${m.title.replace(/\*/g, '')}**`,
    '',
    ...headline(inv),
    `- Time range: ${m.clock.range(q.from, q.to)} (times in ${m.clock.label})`,
    `- Source: ${code(m.source, 200)}`,
    `- Filters: ${filters.length ? filters.map((f) => `${f.label} ${code(f.value)}`).join(', ') : 'none'}`,
    '',
    ...topList(
      'By model',
      inv.byModel.map((x) => ({ label: x.model, count: x.count })),
      inv.total,
      inv.others?.byModel,
    ),
    ...topList(
      'By error type',
      inv.byErrorType.map((x) => ({ label: x.errorType, count: x.count })),
      inv.total,
      inv.others?.byErrorType,
    ),
    ...topList(
      'By key alias',
      inv.byKeyAlias.map((x) => ({ label: x.keyAlias, count: x.count })),
      inv.total,
      inv.others?.byKeyAlias,
    ),
  ];
  lines.push(...dataQualityMarkdown(m.dataQuality));
  lines.push(...trafficMarkdown(m.traffic));
  if (m.spikes.length) {
    lines.push('**Spikes**');
    for (const s of m.spikes) {
      const what = s.dimension ? `${spikeLabel(s)}, ` : '';
      lines.push(
        `- ${m.clock.range(s.from, s.to)}: ${what}${formatCount(s.count)} errors${s.peak ? ` (peak ${formatCount(s.peak)} in one bucket)` : ''}`,
      );
    }
    lines.push('');
  }
  if (m.patterns?.length) {
    lines.push('**Top error patterns**');
    for (const p of m.patterns.slice(0, 5))
      lines.push(
        `- ${formatCount(p.count)} × ${code(p.template, 200)}${p.category ? ` — ${CATEGORY_LABELS[p.category].toLowerCase()}` : ''}`,
      );
    lines.push('');
  }
  if (m.analysisFailure !== null) lines.push(`**The LLM analysis failed:** ${m.analysisFailure}`, '');
  // The report's own offline summary only repeats the lists above; an analysis handed over adds to them.
  if (m.analysisGiven) {
    const a = m.analysis;
    lines.push(
      a.offline ? '**Summary**' : `**LLM analysis**${a.model ? ` (${a.model})` : ''}, check before acting:`,
      '',
      neutraliseMarkdown(a.markdown.trim()),
      '',
    );
  }
  const newest = inv.errors.slice(0, 5);
  if (newest.length) {
    lines.push('**Newest errors**');
    for (const e of newest) {
      lines.push(
        `- ${m.clock.instant(e.time)} · ${code(e.errorType, 60)} · ${code(e.model ?? '-', 60)} · ${e.keyAlias === null ? missingValueLabel('keyAliases') : code(e.keyAlias, 60)}: ${code(e.errorMessage ?? '', 160)}`,
      );
    }
    lines.push('');
  }
  lines.push(
    `_Generated by Logdesk, ${m.clock.instant(m.generatedAt)}. Passwords, API keys and tokens are redacted._`,
  );
  // Values from the database and the LLM may hold terminal escapes (OSC 52 writes the clipboard on `cat`).
  return controlsShown(`${lines.join('\n')}\n`);
}

/** `llm_analysis_HHMMSS.md`: the analysis as Markdown any viewer or terminal can open safely. */
export const analysisFile = (markdown: string): string =>
  controlsShown(`${neutraliseMarkdown(markdown.trim())}\n`);
