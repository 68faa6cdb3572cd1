/**
 * The first screen (issue 23): from starting `logdesk web` with a fresh data folder to the demo's
 * totals on the page, no click — cold (an empty cache folder: the snapshot npm ci prepared in
 * out/demo) and warm (the cache of an earlier start kept), medians of `--runs`. Chromium is started
 * once beforehand (a user's browser is already open). Needs `npm run build`. Writes BENCHMARKS.md.
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser, newPage } from '../e2e/support/browser.ts';
import { startWebApp } from '../e2e/support/web-app.ts';
import { machineLine, median, writeBenchSection } from './bench-file.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, out: { type: 'string', default: 'BENCHMARKS.md' } },
});
const runs = Number(values.runs);
const load = loadavg()[0];
const browser = await launchBrowser();

/** Seconds from the process start to the URL printed, and to the totals shown. */
async function firstScreen(cacheDir: string): Promise<{ url: number; totals: number }> {
  const started = performance.now();
  const app = await startWebApp({ LOGDESK_FIRST_SOURCE: 'demo', LOGDESK_CACHE_DIR: cacheDir }, 120_000);
  const url = (performance.now() - started) / 1000;
  const { context, page } = await newPage(browser);
  try {
    await page.goto(app.url);
    await page.getByTestId('error-total').waitFor({ timeout: 120_000 });
    return { url, totals: (performance.now() - started) / 1000 };
  } finally {
    await context.close();
    await app.stop();
  }
}

const emptyCache = () => mkdtempSync(join(tmpdir(), 'logdesk-bench-cache-'));
const kept = emptyCache();
await firstScreen(kept);
const cold: { url: number; totals: number }[] = [];
const warm: { url: number; totals: number }[] = [];
for (let i = 0; i < runs; i++) {
  cold.push(await firstScreen(emptyCache()));
  warm.push(await firstScreen(kept));
}
await browser.close();

const row = (what: string, xs: { url: number; totals: number }[]) =>
  `| ${what} | ${median(xs.map((x) => x.totals)).toFixed(2)} s | ${xs.map((x) => x.totals.toFixed(2)).join(', ')} | ${median(xs.map((x) => x.url)).toFixed(2)} s |`;
const body = `## First screen: \`logdesk web\` to the demo's totals

${machineLine(load)} Medians of ${runs}; each run a new \`logdesk web\` with a fresh data folder, the page opened as soon as its URL is printed, timed until the totals show (no click).

| start | totals shown, median | runs | URL printed, median |
| --- | --- | --- | --- |
${row('cold (empty cache folder: the snapshot prepared in out/demo)', cold)}
${row('warm (the cache of an earlier start)', warm)}
`;
console.log(await writeBenchSection(values.out, 'first-screen', body));
