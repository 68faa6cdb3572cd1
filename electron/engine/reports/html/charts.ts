import type { ReportSpike } from '../../../../shared/contract/reports.ts';
import { formatCount, percent, type Clock } from '../format.ts';
import type { BreakdownBar, StackedTimeline } from '../../../../shared/chart-shaping.ts';
import type { ColorAssignment } from '../../../../shared/series-colors.ts';
import { axisTicks, bucketLabel, labelIndices } from './chart-data.ts';
import { clip, esc } from './escape.ts';

/** Draws finished data only: shaping lives in shared/chart-shaping.ts. Sizes are viewBox units; the SVG scales to its column. */

const r1 = (n: number) => Math.round(n * 10) / 10;

/** A model's colour is its slot in the session's assignment (the app's colours); "Other" is grey. */
const seriesClass = (s: { model: string | null }, colors: ColorAssignment) =>
  s.model === null || colors[s.model] === undefined ? 'c-other' : `c${colors[s.model]}`;

function svgOpen(
  id: string,
  width: number,
  height: number,
  title: string,
  desc: string,
  kind: string,
): string {
  return (
    `<svg class="chart ${kind}" id="${esc(id)}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${esc(id)}-t ${esc(id)}-d"` +
    ` xmlns="http://www.w3.org/2000/svg"><title id="${esc(id)}-t">${esc(title)}</title><desc id="${esc(id)}-d">${esc(desc)}</desc>`
  );
}

const BAR = { width: 300, row: 34, labelY: 13, barY: 19, barH: 9 };

/**
 * Horizontal bars, largest first: the label and count sit on a line above each bar, so long model
 * names and error types stay readable in a narrow column.
 */
export function barChartSvg(id: string, title: string, bars: readonly BreakdownBar[], total: number): string {
  if (bars.length === 0) return '<p class="muted">No errors.</p>';
  const height = bars.length * BAR.row - 4;
  const max = Math.max(...bars.map((b) => b.count), 1);
  const desc = bars.map((b) => `${b.label}: ${b.count}`).join('; ');
  const rows = bars.map((b, i) => {
    const other = b.value === null;
    const y = i * BAR.row;
    const w = Math.max(b.count > 0 ? 2 : 0, (b.count / max) * BAR.width);
    return (
      `<g><title>${esc(`${b.label}: ${formatCount(b.count)} (${percent(b.count, total)})`)}</title>` +
      `<text x="0" y="${y + BAR.labelY}"${other ? ' class="muted"' : ''}>${esc(clip(b.label, 30))}</text>` +
      `<text x="${BAR.width}" y="${y + BAR.labelY}" text-anchor="end">${formatCount(b.count)} <tspan class="muted">${percent(b.count, total)}</tspan></text>` +
      `<rect class="track" x="0" y="${y + BAR.barY}" width="${BAR.width}" height="${BAR.barH}" rx="2"/>` +
      `<rect class="bar${other ? ' other' : ''}" x="0" y="${y + BAR.barY}" width="${r1(w)}" height="${BAR.barH}" rx="2"/></g>`
    );
  });
  return `${svgOpen(id, BAR.width, height, title, desc, 'bars')}${rows.join('')}</svg>`;
}

const TL = { width: 1000, height: 250, left: 46, right: 12, top: 10, bottom: 42 };

/** Stacked columns of errors per bucket (by model), spikes shaded behind, UTC labels underneath. */
export function timelineSvg(
  id: string,
  data: StackedTimeline,
  colors: ColorAssignment,
  bucketSeconds: number,
  spikes: readonly ReportSpike[],
  clock: Clock,
): string {
  const buckets = data.rows.map((r) => r.bucket);
  const totals = data.rows.map((r) => r.total);
  const n = buckets.length;
  if (n === 0) return '<p class="muted">No time range.</p>';
  const plotW = TL.width - TL.left - TL.right;
  const plotH = TL.height - TL.top - TL.bottom;
  const ticks = axisTicks(Math.max(...totals, 0));
  const top = ticks[ticks.length - 1]!;
  const colW = plotW / n;
  const gap = colW > 4 ? colW * 0.18 : 0;
  const x = (i: number) => TL.left + i * colW;
  const y = (v: number) => TL.top + plotH - (v / top) * plotH;
  const start = Date.parse(buckets[0]!);
  const xAt = (iso: string) => TL.left + ((Date.parse(iso) - start) / (bucketSeconds * 1000)) * colW;

  const parts: string[] = [];
  for (const s of spikes) {
    const a = Math.max(TL.left, xAt(s.from));
    const b = Math.min(TL.left + plotW, xAt(s.to));
    if (b > a)
      parts.push(
        `<rect class="spike" x="${r1(a)}" y="${TL.top}" width="${r1(b - a)}" height="${plotH}"><title>${esc(`Spike ${clock.range(s.from, s.to)}: ${formatCount(s.count)} errors`)}</title></rect>`,
      );
  }
  for (const t of ticks) {
    parts.push(
      `<line class="grid" x1="${TL.left}" x2="${TL.left + plotW}" y1="${r1(y(t))}" y2="${r1(y(t))}"/>`,
    );
    parts.push(
      `<text class="muted" x="${TL.left - 6}" y="${r1(y(t) + 4)}" text-anchor="end">${formatCount(t)}</text>`,
    );
  }
  data.rows.forEach((row, i) => {
    if (row.total === 0) return;
    let base = 0;
    const rects = data.series.map((s) => {
      const v = Number(row[s.key] ?? 0);
      if (v === 0) return '';
      const rect = `<rect class="${seriesClass(s, colors)}" x="${r1(x(i) + gap / 2)}" y="${r1(y(base + v))}" width="${r1(Math.max(colW - gap, 0.6))}" height="${r1(y(base) - y(base + v))}"/>`;
      base += v;
      return rect;
    });
    parts.push(
      `<g><title>${esc(`${clock.time(row.bucket)}: ${formatCount(row.total)} errors`)}</title>${rects.join('')}</g>`,
    );
  });
  parts.push(
    `<line class="axis" x1="${TL.left}" x2="${TL.left + plotW}" y1="${TL.top + plotH}" y2="${TL.top + plotH}"/>`,
  );
  let previous: string | undefined;
  for (const i of labelIndices(n, 6)) {
    const bucket = buckets[i]!;
    const label = bucketLabel(bucket, bucketSeconds, previous, clock.timeZone);
    previous = bucket;
    parts.push(
      `<line class="axis" x1="${r1(x(i))}" x2="${r1(x(i))}" y1="${TL.top + plotH}" y2="${TL.top + plotH + 4}"/>`,
    );
    parts.push(
      `<text class="muted" x="${r1(x(i))}" y="${TL.top + plotH + 18}" text-anchor="${i === 0 ? 'start' : 'middle'}">${esc(label)}</text>`,
    );
  }
  parts.push(
    `<text class="muted" x="${TL.left + plotW}" y="${TL.height - 4}" text-anchor="end">${esc(clock.label)}</text>`,
  );
  const total = totals.reduce((s, v) => s + v, 0);
  const peak = Math.max(...totals);
  const desc = `${formatCount(total)} errors in ${n} buckets; peak ${formatCount(peak)} at ${clock.time(buckets[totals.indexOf(peak)]!)}`;
  return `${svgOpen(id, TL.width, TL.height, 'Errors over time', desc, 'timeline')}${parts.join('')}</svg>`;
}

/** The timeline's legend as HTML, so long model names wrap instead of overflowing the SVG. */
export function legendHtml(data: StackedTimeline, colors: ColorAssignment): string {
  const items = data.series.map((s) => {
    const sum = data.rows.reduce((a, r) => a + Number(r[s.key] ?? 0), 0);
    return `<li data-model="${esc(s.model ?? '')}"><span class="swatch ${seriesClass(s, colors)}"></span>${esc(s.label)} <span class="muted">${formatCount(sum)}</span></li>`;
  });
  return `<ul class="legend">${items.join('')}</ul>`;
}
