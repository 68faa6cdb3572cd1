import { filterValueLabel, missingValueLabel } from '../../../../shared/filters.ts';
import { breakdownBars, stackTimeline, type BreakdownField } from '../../../../shared/chart-shaping.ts';
import type { ReportSpike } from '../../../../shared/contract/reports.ts';
import { assignSlots } from '../../../../shared/series-colors.ts';
import type { ErrorRow } from '../../../../shared/investigation.ts';
import { CATEGORY_LABELS } from '../../../../shared/taxonomy.ts';
import { spikeLabel } from '../dimension-label.ts';
import { formatBucketWidth, formatCount, formatSpan, percent, type Clock } from '../format.ts';
import { describeFilters, type ReportModel } from '../report-model.ts';
import { barChartSvg, legendHtml, timelineSvg } from './charts.ts';
import { clip, esc } from './escape.ts';
import { renderUntrustedMarkdown } from './markdown.ts';

/** The sections of the report page, top to bottom; each takes the redacted model and returns HTML. */

export function headerSection(m: ReportModel): string {
  const q = m.investigation.query;
  const filters = describeFilters(q);
  const filterText = filters.length
    ? filters.map((f) => `${esc(f.label)}: <span class="mono">${esc(f.value)}</span>`).join(' · ')
    : 'none (every error in the range)';
  return `<header class="report">
<h1>${esc(m.title)}</h1>
<p class="subtitle">${esc(totalWords(m.investigation))} · ${esc(formatSpan(Date.parse(q.to) - Date.parse(q.from)))}</p>
<dl class="meta">
<dt>Time range</dt><dd>${esc(m.clock.range(q.from, q.to))} <span class="muted">[from, to)</span></dd>
<dt>Times in</dt><dd data-time-zone="${esc(m.clock.timeZone)}">${esc(m.clock.label)}</dd>
<dt>Source</dt><dd>${esc(m.source)}</dd>
<dt>Filters</dt><dd>${filterText}</dd>
<dt>Generated</dt><dd>${esc(m.clock.instant(m.generatedAt))}</dd>
</dl>
</header>`;
}

function total(value: string, label: string, primary = false): string {
  return `<div class="total${primary ? ' primary' : ''}"><div class="value">${esc(value)}</div><div class="label">${esc(label)}</div></div>`;
}

/** The headline count in words: "N failed requests · M failed attempts on deployments" for LiteLLM, "N errors" for a mapped source. */
export function totalWords(inv: ReportModel['investigation']): string {
  if (inv.failedAttempts === undefined) return `${formatCount(inv.total)} errors`;
  if (inv.attempts?.standIn) return `${formatCount(inv.total)} failed attempts (no failed request logged)`;
  return `${formatCount(inv.total)} failed requests · ${formatCount(inv.failedAttempts)} failed attempts on deployments`;
}

export function totalsSection(m: ReportModel): string {
  const inv = m.investigation;
  const peak = inv.timeline.reduce((best, p) => (p.count > best.count ? p : best), { bucket: '', count: 0 });
  const hours = (Date.parse(inv.query.to) - Date.parse(inv.query.from)) / 3_600_000;
  const cards = [
    // LiteLLM (issue 19): failed requests, and failed attempts beside them — never one sum called "errors".
    total(
      formatCount(inv.total),
      inv.failedAttempts === undefined
        ? 'errors in total'
        : inv.attempts?.standIn
          ? 'failed attempts (standing in)'
          : 'failed requests',
      true,
    ),
    ...(inv.failedAttempts !== undefined && !inv.attempts?.standIn
      ? [total(formatCount(inv.failedAttempts), 'failed attempts on deployments')]
      : []),
    // Distinct values counted in SQL: the listed top N plus the remainder's.
    ...(
      [
        [inv.byModel.length + (inv.others?.byModel.values ?? 0), 'model', 'models'],
        [inv.byErrorType.length + (inv.others?.byErrorType.values ?? 0), 'error type', 'error types'],
        [inv.byKeyAlias.length + (inv.others?.byKeyAlias.values ?? 0), 'key alias', 'key aliases'],
      ] as const
    ).map(([n, one, many]) => total(formatCount(n), n === 1 ? one : many)),
    total(
      hours > 0 ? (inv.total / hours).toFixed(inv.total / hours >= 10 ? 0 : 1) : '0',
      'errors per hour on average',
    ),
    total(
      formatCount(peak.count),
      peak.count
        ? `peak per ${formatBucketWidth(inv.query.bucketSeconds)}, ${m.clock.time(peak.bucket)}`
        : 'peak',
    ),
  ];
  return `<section class="totals" aria-label="Totals">${cards.join('')}</section>`;
}

export function timelineSection(m: ReportModel): string {
  const inv = m.investigation;
  const stacked = stackTimeline(inv.timeline, inv.timelineByModel);
  // The app's colours where it sent them; the same rule picks the rest (a CLI export, a model the app never drew).
  const models = stacked.series.flatMap((s) => (s.model === null ? [] : [s.model]));
  const colors = assignSlots(models, m.colors);
  return `<section class="card" aria-labelledby="h-time"><h2 id="h-time">Errors over time <span class="badge">per ${esc(formatBucketWidth(inv.query.bucketSeconds))}, by model</span></h2>
${timelineSvg('chart-time', stacked, colors, inv.query.bucketSeconds, m.spikes, m.clock)}
${legendHtml(stacked, colors)}
</section>`;
}

export function breakdownSection(m: ReportModel): string {
  const inv = m.investigation;
  const card = (id: string, title: string, field: BreakdownField) =>
    `<section class="card" aria-labelledby="h-${id}"><h2 id="h-${id}">${esc(title)}</h2>${barChartSvg(`chart-${id}`, title, breakdownBars(inv, field), inv.total)}</section>`;
  return `<div class="grid3 charts-row">
${card('model', 'By model', 'model')}
${card('type', 'By error type', 'errorType')}
${card('key', 'By key alias', 'keyAlias')}
</div>`;
}

export function spikesSection(m: ReportModel): string {
  const total = m.investigation.total;
  const by = 'buckets far above their own baseline';
  const peak = (s: ReportSpike) =>
    s.peak === undefined
      ? ''
      : `${formatCount(s.peak)}${s.baseline === undefined ? '' : ` <span class="muted">vs ${formatCount(Math.round(s.baseline * 10) / 10)}</span>`}`;
  const body = m.spikes.length
    ? `<table class="data"><thead><tr><th>When</th><th>Errors of</th><th class="num">Errors</th><th class="num">Share</th><th class="num">Peak vs usual, per ${esc(formatBucketWidth(m.investigation.query.bucketSeconds))}</th></tr></thead><tbody>${m.spikes
        .map(
          (s) =>
            `<tr><td>${esc(m.clock.range(s.from, s.to))}</td><td>${esc(spikeLabel(s))}</td><td class="num">${formatCount(s.count)}</td><td class="num">${percent(s.count, total)}</td><td class="num">${peak(s)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p class="muted">No spike: errors stayed near their usual level.</p>';
  return `<section class="card" aria-labelledby="h-spikes"><h2 id="h-spikes">Spikes <span class="badge">${esc(by)}</span></h2>${body}</section>`;
}

/** The most frequent value of a pattern's dimension (lists are most frequent first). */
const top = (list: readonly { value: string | null }[] | undefined, none: string) =>
  list?.length ? [list[0]!.value ?? none] : [];

export function patternsSection(m: ReportModel): string {
  const total = m.investigation.total;
  if (m.patterns === null) {
    return `<section class="card" aria-labelledby="h-patterns"><h2 id="h-patterns">Error patterns</h2><p class="muted">Pattern grouping was not run for this export.</p></section>`;
  }
  // P1, P2 … in the order the analysis numbers them (llm/prompt.ts), so its citations can be looked up here.
  const rows = m.patterns.slice(0, 50).map((p, i) => {
    const context = [
      ...top(p.errorTypes, 'Unknown'),
      ...top(p.models, '(unknown model)'),
      ...top(p.keyAliases, missingValueLabel('keyAliases')),
    ].join(' · ');
    const example = p.example
      ? `<div class="muted mono">e.g. ${esc(clip(p.example.message, 200))}</div>`
      : '';
    const cause = p.category
      ? `<span class="badge" title="${esc(p.categoryReason ?? '')}">${esc(CATEGORY_LABELS[p.category])}</span>`
      : '';
    return `<tr id="P${i + 1}"><td class="mono">P${i + 1}</td><td class="pattern"><span class="mono">${esc(clip(p.template, 400))}</span>${example}</td><td>${cause}</td><td>${esc(context)}</td><td class="num">${formatCount(p.count)}</td><td class="num">${percent(p.count, total)}</td></tr>`;
  });
  const more =
    m.patterns.length > 50
      ? `<p class="muted">${m.patterns.length - 50} smaller patterns not shown.</p>`
      : '';
  const body = m.patterns.length
    ? `<table class="data"><thead><tr><th>#</th><th>Pattern</th><th>Cause</th><th>Mostly</th><th class="num">Errors</th><th class="num">Share</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`
    : '<p class="muted">No pattern: no error messages to group.</p>';
  return `<section class="card flow" aria-labelledby="h-patterns"><h2 id="h-patterns">Error patterns</h2>${body}</section>`;
}

export function analysisSection(m: ReportModel): string {
  const a = m.analysis;
  const badge = a.offline
    ? 'computed without an LLM'
    : `written by an LLM${a.model ? ` (${esc(a.model)})` : ''}: check before acting`;
  const title = a.offline ? 'Summary' : 'LLM analysis';
  const failed =
    m.analysisFailure === null
      ? ''
      : `<p class="analysis-failed"><strong>The LLM analysis failed:</strong> ${esc(m.analysisFailure)}</p>`;
  return `<section class="card flow" aria-labelledby="h-analysis"><h2 id="h-analysis">${title} <span class="badge">${badge}</span></h2>${failed}
<div class="analysis">${renderUntrustedMarkdown(a.markdown)}</div></section>`;
}

/**
 * A cell of the page holds at most this much of one value: one 10 MB message must not make a 10 MB
 * page (and a browser tab of hundreds of MB). The CSV and the JSON files keep the full text.
 */
export const HTML_CELL_MAX = 20_000;

function capped(text: string, max = HTML_CELL_MAX): string {
  if (text.length <= max) return esc(text);
  const more = text.length - max;
  return `${esc(text.slice(0, max))}… <span class="muted">(${formatCount(more)} more characters in the CSV and JSON files)</span>`;
}

function errorDetails(e: ErrorRow, clock: Clock): string {
  const field = (label: string, value: string | number | null) =>
    value === null || value === '' ? '' : `<dt>${esc(label)}</dt><dd>${capped(String(value), 2_000)}</dd>`;
  const message = e.errorMessage ?? '';
  return `<details><summary><span class="when">${esc(clock.instant(e.time))}</span><span class="what"><span class="type">${esc(e.errorType)}</span> · ${esc(e.model ?? '-')} · ${esc(filterValueLabel('keyAliases', e.keyAlias))}${e.statusCode ? ` · ${esc(e.statusCode)}` : ''}</span><span class="msg">${esc(clip(message.slice(0, 400).replace(/\s+/g, ' '), 220))}</span></summary>
<dl class="meta">${field('Request id', e.requestId)}${field('Time', `${clock.instant(e.time)} (${e.time})`)}${field('Model', e.model)}${field('Deployment', e.deployment)}${field('Key alias', filterValueLabel('keyAliases', e.keyAlias))}${field('Team alias', e.teamAlias)}${field('Status code', e.statusCode)}${field('Error type', e.errorType)}${field('Provider', e.provider)}${field('API base', e.apiBase)}${field('Duration', e.durationMs === null ? null : `${formatCount(e.durationMs)} ms`)}${field('Tokens', e.totalTokens)}${field('Found in', e.sources.join(', '))}
<dt>Message</dt><dd><pre>${e.errorMessage === null ? '(none)' : capped(message)}</pre></dd></dl></details>`;
}

export function errorsSection(m: ReportModel): string {
  const inv = m.investigation;
  const shown = inv.errors.slice(0, m.options.htmlErrors);
  const csv =
    m.csvRows === null
      ? ''
      : ` Every one of the ${formatCount(m.csvRows)} matching errors is in the CSV file next to this page.`;
  const lead = shown.length
    ? `<p class="muted">The newest ${formatCount(shown.length)} of ${formatCount(inv.total)} errors; open one for its details.${csv}</p>`
    : `<p class="muted">No error rows are included.${csv}</p>`;
  return `<section class="card flow errors" aria-labelledby="h-errors"><h2 id="h-errors">Errors</h2>${lead}${shown.map((e) => errorDetails(e, m.clock)).join('\n')}</section>`;
}

export function footerSection(m: ReportModel): string {
  const notes = m.investigation.notes.length
    ? `<ul class="notes">${m.investigation.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`
    : '';
  const redacted = ['passwords', 'API keys', 'tokens'];
  if (m.options.redaction.emails) redacted.push('e-mail addresses');
  if (m.options.redaction.ipAddresses) redacted.push('IP addresses');
  const list = `${redacted.slice(0, -1).join(', ')} and ${redacted[redacted.length - 1]}`;
  return `<footer class="report">${notes}<p>Generated by Logdesk on ${esc(m.clock.instant(m.generatedAt))}. Redacted: ${list}.</p></footer>`;
}
