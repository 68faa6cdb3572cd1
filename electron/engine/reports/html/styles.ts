import {
  OTHER_DARK,
  OTHER_LIGHT,
  SERIES_DARK,
  SERIES_LIGHT,
  SERIES_SLOTS,
} from '../../../../shared/series-colors.ts';

/** The app's series palette (shared/series-colors.ts) as variables, so a model has the same colour in both. */
const seriesVars = (series: readonly string[], other: string) =>
  `${series.map((c, i) => `--c${i}: ${c};`).join(' ')} --c-other: ${other};`;
const seriesClasses = () =>
  [...Array.from({ length: SERIES_SLOTS }, (_, i) => `c${i}`), 'c-other']
    .map((c) => `.${c} { fill: var(--${c}); background: var(--${c}); }`)
    .join('\n');

/**
 * The report page's only stylesheet, inlined: no font, image or stylesheet is fetched. Colours are
 * variables so one set of rules serves light, dark (prefers-color-scheme) and print.
 */
export const REPORT_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --card: #ffffff; --text: #1b1f24; --muted: #5b6470; --line: #dde1e6; --grid: #e8ebef;
  --accent: #2f6fde; --danger: #c63b2b; --spike: rgba(198, 59, 43, 0.10); --code: #eef1f4;
  ${seriesVars(SERIES_LIGHT, OTHER_LIGHT)}
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --card: #1a1f25; --text: #e6e9ed; --muted: #9aa4b1; --line: #2c333c; --grid: #262c34;
    --accent: #6ea2ff; --danger: #ff7a6b; --spike: rgba(255, 122, 107, 0.14); --code: #232a32;
    ${seriesVars(SERIES_DARK, OTHER_DARK)}
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--text); }
body {
  margin: 0 auto; max-width: 1100px; padding: 28px 24px 48px;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
h1 { font-size: 24px; margin: 0 0 4px; line-height: 1.25; }
h2 { font-size: 17px; margin: 0 0 12px; }
h3, h4, h5, h6 { font-size: 15px; margin: 16px 0 6px; }
a { color: var(--accent); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
code { background: var(--code); padding: 1px 4px; border-radius: 4px; }
pre { background: var(--code); padding: 10px 12px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; }
pre code { background: none; padding: 0; }
.muted { color: var(--muted); }
header.report { margin-bottom: 20px; }
header.report .subtitle { color: var(--muted); margin: 0 0 14px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 0 0 16px; break-inside: avoid; }
section.card.flow { break-inside: auto; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 0 0 16px; }
.total { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.total .value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
.total .label { color: var(--muted); font-size: 12.5px; }
.total.primary .value { color: var(--danger); }
.grid3 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
.grid3 > section.card { margin: 0; }
.charts-row { margin-bottom: 16px; }
svg.chart { width: 100%; height: auto; display: block; overflow: visible; }
svg.chart text { fill: var(--text); font-size: 12px; font-family: inherit; }
svg.chart text.muted { fill: var(--muted); }
svg.chart .grid { stroke: var(--grid); stroke-width: 1; }
svg.chart .axis { stroke: var(--line); stroke-width: 1; }
svg.chart .spike { fill: var(--spike); }
svg.chart .bar { fill: var(--accent); }
svg.chart .track { fill: var(--grid); }
svg.chart .bar.other { fill: var(--c-other); }
${seriesClasses()}
ul.legend { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; color: var(--muted); font-size: 12.5px; }
ul.legend .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
table.data { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.data th, table.data td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
table.data th { color: var(--muted); font-weight: 600; font-size: 12.5px; }
table.data td.num, table.data th.num { text-align: right; white-space: nowrap; }
table.data td.pattern { overflow-wrap: anywhere; }
.analysis { overflow-wrap: anywhere; }
.analysis table { border-collapse: collapse; margin: 8px 0; }
.analysis th, .analysis td { border: 1px solid var(--line); padding: 4px 8px; }
.badge { display: inline-block; font-size: 11.5px; padding: 1px 8px; border-radius: 999px; border: 1px solid var(--line); color: var(--muted); margin-left: 8px; vertical-align: 2px; }
.errors details { border-top: 1px solid var(--line); }
.errors details:last-child { border-bottom: 1px solid var(--line); }
.errors summary { cursor: pointer; padding: 7px 2px; display: grid; grid-template-columns: 14px 178px minmax(0, 1fr); gap: 2px 8px; list-style: none; }
.errors summary::-webkit-details-marker { display: none; }
.errors summary::before { content: "▸"; color: var(--muted); }
.errors details[open] > summary::before { content: "▾"; }
.errors summary .when { color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.errors summary .what { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.errors summary .msg { grid-column: 3; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.errors .type { font-weight: 600; }
.errors dl.meta { padding: 4px 2px 12px 22px; font-size: 13px; }
.notes li { color: var(--muted); }
footer.report { color: var(--muted); font-size: 12.5px; margin-top: 24px; }
@media print {
  :root {
    color-scheme: light;
    --bg: #ffffff; --card: #ffffff; --text: #000000; --muted: #4a4f57; --line: #c9ced4; --grid: #e3e6ea;
    --accent: #2f6fde; --danger: #b3261e; --spike: rgba(198, 59, 43, 0.12); --code: #f1f3f5;
    ${seriesVars(SERIES_LIGHT, OTHER_LIGHT)}
  }
  html, body { background: #fff; }
  body { max-width: none; padding: 0; font-size: 11.5px; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  section.card, .total { border-color: var(--line); box-shadow: none; }
  .grid3 { grid-template-columns: repeat(3, 1fr); gap: 10px; }
  .totals { grid-template-columns: repeat(6, 1fr); gap: 8px; }
  .total { padding: 8px 10px; }
  .total .value { font-size: 18px; }
  .total .label { font-size: 10.5px; }
  svg.chart.bars text { font-size: 15px; }
  svg.chart.timeline text { font-size: 13px; }
  h2 { break-after: avoid; }
  .errors details { break-inside: avoid; }
  .errors summary { cursor: auto; }
  a { color: inherit; text-decoration: underline; }
}
@page { margin: 14mm 12mm; }
`;
