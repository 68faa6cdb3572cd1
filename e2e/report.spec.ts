import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvestigationResult } from '../shared/contract/investigation.ts';
import { ReportRequest, type ReportExportResult } from '../shared/contract/reports.ts';
import type { Insights } from '../shared/analysis.ts';
import type { Investigation } from '../shared/investigation.ts';
import { createEngine, type Engine } from '../electron/engine/engine.ts';
import { formatCount } from '../electron/engine/reports/format.ts';
import { renderReportHtml } from '../electron/engine/reports/html/report-html.ts';
import { buildReportModel } from '../electron/engine/reports/report-model.ts';
import { createScrub } from '../electron/engine/reports/report-redaction.ts';
import { runJob } from '../electron/cli/await-job.ts';
import { HOSTILE_HTML } from '../electron/test-support/hostile-values.ts';
import { startOpenAiServer, type OpenAiTestServer } from '../electron/test-support/openai-server.ts';
import { testPlatform } from '../electron/test-support/test-platform.ts';
import { ReportPage } from './pages/report-page.ts';
import { launchBrowser, newPage } from './support/browser.ts';

const ARTIFACTS = resolve(import.meta.dirname, 'artifacts');

/** An analysis as an LLM writes it, with the things an untrusted answer may contain. */
const ANALYSIS = `## What happened
Azure **rate-limited** \`gpt-4o\` on deployment \`azure/gpt-4o-eu\` for the \`support-bot\` key, starting about five hours ago.

1. Most errors are \`RateLimitError\` (HTTP 429).
2. Other models stayed at their usual level.

| Signal | Value |
|---|---|
| Peak | one burst, then steady |

## Next steps
- Add a fallback deployment (see [LiteLLM docs](https://docs.litellm.ai/docs/proxy/reliability)).
- Ask for a quota increase.

${HOSTILE_HTML}
![tracking pixel](http://127.0.0.1:9/pixel.png)`;

let browser: Browser;
let engine: Engine;
let llm: OpenAiTestServer;
let result: InvestigationResult;
let insights: Insights;
let report: ReportExportResult;

/**
 * The whole path a user takes: query the demo, group patterns and find spikes (analysis area), get
 * an analysis from a local OpenAI-compatible server, then export — the report picks up all three.
 */
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  engine = createEngine(testPlatform());
  const chunks = ANALYSIS.match(/[\s\S]{1,120}/g)!;
  [browser, llm, result] = await Promise.all([
    launchBrowser(),
    startOpenAiServer({ replies: [{ kind: 'stream', chunks }] }),
    engine.call('investigation.run', {
      source: { kind: 'demo' },
      filters: { timeRange: { kind: 'relative', last: '24h' }, limit: 200 },
    }),
  ]);
  await engine.call('llm.settings.save', {
    settings: { baseUrl: llm.baseUrl, model: 'gpt-4o-mini' },
    apiKey: 'sk-test-key-000000',
    scope: 'session',
  });
  insights = await engine.call('analysis.insights', { investigationId: result.id });
  const analysed = await runJob(engine, () => engine.call('analysis.start', { investigationId: result.id }));
  expect(analysed.status).toBe('done');
  report = await engine.call('report.export', {
    investigationId: result.id,
    outDir: mkdtempSync(join(tmpdir(), 'logdesk-e2e-report-')),
    options: { htmlErrors: 40, timeZone: 'Europe/Berlin' },
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await engine?.close();
  await llm?.close();
});

describe('the HTML report in Chromium, network blocked', () => {
  it('renders the title, totals, charts, analysis and errors, loading nothing', async () => {
    const { context, page, problems } = await newPage(browser, { width: 1200, height: 900 });
    const view = await ReportPage.open(context, page, report.html);

    expect(await view.title()).toMatch(/^LLM gateway errors, \d{4}-\d{2}-\d{2} \d{2}:\d{2} – /);
    const totals = await view.totals();
    // Issue 19: failed requests and failed attempts, two numbers, never one sum called "errors".
    expect(totals['failed requests']).toBe(formatCount(result.total));
    expect(totals['failed attempts on deployments']).toBe(formatCount(result.failedAttempts!));
    expect(totals['errors in total']).toBeUndefined();
    expect(totals.models).toBe(String(result.byModel.length));

    await expect.poll(() => view.chart('Errors over time').count()).toBe(1);
    const columns = await view.chart('Errors over time').locator('g > rect').count();
    expect(columns).toBeGreaterThan(10);
    for (const [name, top] of [
      ['By model', result.byModel[0]!.model],
      ['By error type', result.byErrorType[0]!.errorType],
      ['By key alias', result.byKeyAlias[0]!.keyAlias!],
    ] as const) {
      const chart = view.chart(name);
      expect(await chart.locator('rect.bar').count()).toBeGreaterThan(1);
      expect(await chart.locator('text').first().textContent()).toBe(top);
    }

    const analysis = view.section(/LLM analysis/);
    expect(await analysis.getByRole('heading', { level: 2 }).textContent()).toContain(
      'written by an LLM (gpt-4o-mini)',
    );
    await expect.poll(() => analysis.getByRole('heading', { name: 'Next steps' }).count()).toBe(1);
    expect(await analysis.getByRole('listitem').count()).toBe(4);
    expect(await analysis.getByRole('link', { name: 'LiteLLM docs' }).getAttribute('href')).toBe(
      'https://docs.litellm.ai/docs/proxy/reliability',
    );
    expect(await analysis.textContent()).toContain('<script>window.pwned = 1</script>');
    expect(await analysis.textContent()).toContain('[image: tracking pixel]');
    const patterns = view.section('Error patterns').locator('tbody tr');
    expect(await patterns.count()).toBe(Math.min(50, insights.patterns.length));
    expect(await patterns.first().locator('td').last().textContent()).toMatch(/%$/);
    expect(insights.spikes.length).toBeGreaterThan(0);
    const spikes = view.section(/^Spikes/);
    expect(await spikes.textContent()).toContain('buckets far above their own baseline');
    expect(await spikes.locator('tbody tr').count()).toBe(insights.spikes.length);

    expect(await view.errorRows().count()).toBe(40);
    const first = view.errorRows().first();
    await first.locator('summary').click();
    expect(await first.getByText('Request id').isVisible()).toBe(true);
    // The report shows the message as it redacts it by default (e-mails and IPs too): compare with that.
    const shown = createScrub({ emails: true, ipAddresses: true }, [])(result.errors[0]!.errorMessage ?? '');
    expect(await first.locator('pre').textContent()).toBe(shown);

    // Nothing ran, nothing was fetched.
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('script, img, iframe, link, object, embed').count()).toBe(0);
    expect(view.external).toEqual([]);
    expect(await view.loadedResources()).toBe(0);
    expect(problems).toEqual([]);

    await page.screenshot({ path: join(ARTIFACTS, 'report-light.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: join(ARTIFACTS, 'report.pdf'), format: 'A4', printBackground: true });
    expect(readFileSync(join(ARTIFACTS, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });

  it('reads well in dark mode and prints light', async () => {
    const { context, page } = await newPage(browser, { width: 1200, height: 900, colorScheme: 'dark' });
    const view = await ReportPage.open(context, page, report.html);
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(await background()).toBe('rgb(17, 20, 24)');
    await page.screenshot({ path: join(ARTIFACTS, 'report-dark.png'), fullPage: false });
    await page.emulateMedia({ media: 'print' });
    expect(await background()).toBe('rgb(255, 255, 255)');
    expect(view.external).toEqual([]);
    await context.close();
  });
});

describe('the network guard (control)', () => {
  it('does see a page that loads something', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logdesk-guard-')), 'leaky.html');
    writeFileSync(
      file,
      '<!doctype html><link rel="stylesheet" href="https://example.invalid/x.css"><img src="http://127.0.0.1:9/x.png">',
    );
    const { context, page } = await newPage(browser);
    const view = await ReportPage.open(context, page, file);
    expect(view.external).toEqual(['http://127.0.0.1:9/x.png', 'https://example.invalid/x.css']);
    await context.close();
  });
});

describe('hostile values in the data', () => {
  it('show as text in every section and never run or load', async () => {
    const query = {
      from: '2026-03-10T10:00:00.000Z',
      to: '2026-03-10T12:00:00.000Z',
      bucketSeconds: 300,
      keyAliases: [HOSTILE_HTML],
      models: [],
      errorTypes: [],
      statusCodes: [],
      teamAliases: [],
      text: HOSTILE_HTML,
      limit: 10,
    };
    const investigation: Investigation = {
      query,
      total: 3,
      byModel: [{ model: HOSTILE_HTML, count: 3 }],
      byErrorType: [{ errorType: HOSTILE_HTML, count: 3 }],
      byKeyAlias: [{ keyAlias: HOSTILE_HTML, count: 3 }],
      timeline: [
        { bucket: '2026-03-10T10:00:00.000Z', count: 3 },
        { bucket: '2026-03-10T10:05:00.000Z', count: 0 },
      ],
      timelineByModel: [{ bucket: '2026-03-10T10:00:00.000Z', model: HOSTILE_HTML, count: 3 }],
      errors: [
        {
          requestId: HOSTILE_HTML,
          time: '2026-03-10T10:01:00.000Z',
          model: HOSTILE_HTML,
          deployment: HOSTILE_HTML,
          keyAlias: HOSTILE_HTML,
          teamAlias: HOSTILE_HTML,
          statusCode: HOSTILE_HTML,
          errorType: HOSTILE_HTML,
          errorMessage: HOSTILE_HTML,
          provider: HOSTILE_HTML,
          apiBase: HOSTILE_HTML,
          durationMs: 1,
          totalTokens: 0,
          sources: ['spend_logs'],
        },
      ],
      notes: [HOSTILE_HTML],
    };
    const model = buildReportModel({
      investigation,
      source: HOSTILE_HTML,
      request: ReportRequest.parse({
        investigationId: 'x',
        outDir: '/unused',
        options: { title: HOSTILE_HTML, redaction: { emails: false, ipAddresses: false } },
        patterns: [{ template: HOSTILE_HTML, count: 3, example: { message: HOSTILE_HTML } }],
        spikes: [
          {
            from: query.from,
            to: query.to,
            count: 3,
            dimension: 'model',
            value: HOSTILE_HTML,
            summary: HOSTILE_HTML,
          },
        ],
      }),
      offlineMarkdown: HOSTILE_HTML,
      generatedAt: new Date('2026-03-10T12:00:00Z'),
      scrub: createScrub({ emails: false, ipAddresses: false }, []),
    });
    const file = join(mkdtempSync(join(tmpdir(), 'logdesk-hostile-')), 'report.html');
    writeFileSync(file, renderReportHtml(model));
    const { context, page, problems } = await newPage(browser);
    const view = await ReportPage.open(context, page, file);
    expect(await view.title()).toBe(HOSTILE_HTML);
    expect(await page.title()).toBe(HOSTILE_HTML);
    expect(await page.locator('script, img, iframe, link, object, embed').count()).toBe(0);
    expect(await page.locator('style').count()).toBe(1);
    expect(await page.locator('details').count()).toBe(1); // the closing </details> in the values closed nothing
    expect(await page.locator('main > section, main > div').count()).toBe(7);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    expect(view.external).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
