import {
  formatChange,
  formatMs,
  formatRate,
  formatSpend,
  formatTokens,
  spendLines,
} from '../../../../shared/traffic-format.ts';
import type { Traffic } from '../../../../shared/traffic.ts';
import { breakdownOf } from '../usage-csv.ts';
import { esc } from './escape.ts';

const ROWS = 8;

/** The traffic around the errors (DESIGN §8): share of all requests, latency, tokens, spend, the breakdowns with their change. */
export function trafficSectionHtml(t: Traffic | null): string {
  if (!t) return '';
  const s = t.summary;
  const p = t.previous;
  const cell = (label: string, now: string, before: string) =>
    `<div class="total"><div class="value">${esc(now)}</div><div class="label">${esc(label)} <span class="muted">(before: ${esc(before)})</span></div></div>`;
  const table = (by: 'model' | 'deployment' | 'key' | 'team') => {
    const { title, rows } = breakdownOf(t, by);
    const body = rows
      .slice(0, ROWS)
      .map(
        ({ name, item }) =>
          `<tr><td>${esc(name)}</td><td class="num">${item.requests.toLocaleString('en-US')}</td><td class="num">${esc(formatRate(item.errorRate))} <span class="muted">${esc(formatChange(item.errorRate, item.previous?.errorRate ?? null, 'rate'))}</span></td><td class="num">${esc(formatMs(item.p95Ms))}</td><td class="num">${esc(formatTokens(item.totalTokens))}</td><td class="num">${esc(formatSpend(item.spend, item.spendEstimated, ''))}</td></tr>`,
      )
      .join('');
    return `<table class="data traffic-table"><caption>By ${esc(title.toLowerCase())}</caption><thead><tr><th>${esc(title)}</th><th class="num">Requests</th><th class="num">Error rate</th><th class="num">p95</th><th class="num">Tokens</th><th class="num">Spend</th></tr></thead><tbody>${body}</tbody></table>`;
  };
  return `<section class="card" aria-labelledby="h-traffic"><h2 id="h-traffic">Traffic <span class="badge">${esc(t.basisLabel)}, compared with the period before</span></h2>
<div class="totals">
${cell('requests', s.requests.toLocaleString('en-US'), p.requests.toLocaleString('en-US'))}
${cell('error rate', formatRate(s.errorRate), formatRate(p.errorRate))}
${cell('p95 latency', formatMs(s.p95Ms), formatMs(p.p95Ms))}
${cell('p99 latency', formatMs(s.p99Ms), formatMs(p.p99Ms))}
${cell('tokens', formatTokens(s.totalTokens), formatTokens(p.totalTokens))}
${s.inFlight ? cell('in flight', s.inFlight.toLocaleString('en-US'), (p.inFlight ?? 0).toLocaleString('en-US')) : ''}
${spendLines(s, p, t.query.currency)
  .map((l) => cell(l.estimated ? 'spend (part estimated)' : 'spend', l.now, l.before))
  .join('\n')}
</div>
${table('model')}${table('deployment')}${table('key')}${table('team')}
</section>`;
}

/** The same, as Markdown lines for summary_HHMMSS.md. */
export function trafficMarkdown(t: Traffic | null): string[] {
  if (!t) return [];
  const s = t.summary;
  const lines = [
    `**Traffic** (${t.basisLabel})`,
    `- Requests: **${s.requests.toLocaleString('en-US')}**, failed ${s.failed.toLocaleString('en-US')}: error rate **${formatRate(s.errorRate)}** (before: ${formatRate(t.previous.errorRate)})`,
    `- Latency p50 / p95 / p99: ${formatMs(s.p50Ms)} / ${formatMs(s.p95Ms)} / ${formatMs(s.p99Ms)} (p95 before: ${formatMs(t.previous.p95Ms)})`,
    `- Tokens: ${s.totalTokens.toLocaleString('en-US')} (cached ${s.cachedTokens.toLocaleString('en-US')}); spend ${formatSpend(s.spend, s.spendEstimated, t.query.currency)}`,
  ];
  for (const { label, item } of breakdownOf(t, 'deployment').rows.slice(0, 5)) {
    lines.push(
      `- Deployment \`${(label ?? '(none)').replace(/`/g, "'")}\`: ${item.requests.toLocaleString('en-US')} requests, ${formatChange(item.errorRate, item.previous?.errorRate ?? null, 'rate')} errors, p95 ${formatMs(item.p95Ms)}`,
    );
  }
  lines.push('');
  return lines;
}
