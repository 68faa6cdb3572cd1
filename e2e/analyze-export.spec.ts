import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiServer, type OpenAiTestServer } from '../electron/test-support/openai-server.ts';
import { destroyPostgres, type TestPostgres } from '../electron/test-support/pg-server.ts';
import { sharedTestPostgres } from '../electron/test-support/shared-postgres.ts';
import { AppPage } from './pages/AppPage.ts';
import { launchBrowser, newPage, type BrowserPage } from './support/browser.ts';
import { REPO_ROOT } from './support/electron-runtime.ts';
import { createLiteLLMDatabase } from './support/litellm-db.ts';
import { startWebApp, type WebApp } from './support/web-app.ts';

const API_KEY = 'sk-test-e2e-analysis-0000000000';
const ANSWER = [
  '## Likely cause\n\n',
  'Azure **rate-limits** `gpt-4o` ',
  'for the support-bot key.\n\n',
  '- Raise the TPM quota\n',
  '- Add a fallback deployment\n',
];

let server: TestPostgres;
let llm: OpenAiTestServer;
let browser: Browser;
let app: WebApp;
let tab: BrowserPage;
let ui: AppPage;

beforeAll(async () => {
  server = sharedTestPostgres();
  await createLiteLLMDatabase(server, 'gateway');
  llm = await startOpenAiServer({
    apiKey: API_KEY,
    replies: [
      { kind: 'stream', chunks: ['OK'] },
      { kind: 'stream', chunks: ANSWER, delayMs: 150, usage: { prompt: 1800, completion: 60 } },
      // The third request streams slowly, to be stopped half-way.
      { kind: 'stream', chunks: Array.from({ length: 40 }, (_, i) => `word${i} `), delayMs: 250 },
    ],
  });
  browser = await launchBrowser();
  app = await startWebApp();
  tab = await newPage(browser);
  ui = new AppPage(tab.page, join(REPO_ROOT, 'e2e', 'artifacts'), 'analyze');
  await ui.open(app.url);
  await ui.selectUrl(server.url('gateway'));
  await ui.setTimeRange('24h');
  await ui.addFilter('Key alias', 'support-bot');
  await ui.runQuery();
});

afterAll(async () => {
  await tab?.context.close();
  await browser?.close();
  await app?.stop();
  await llm?.close();
  if (server) await destroyPostgres(server);
});

describe('Analyze and Export report', () => {
  it('streams the analysis from the configured LLM into the panel', async () => {
    const dialog = await ui.configureLlm(llm.baseUrl, 'gpt-4o-mini', API_KEY);
    await dialog.getByRole('button', { name: 'Test' }).click();
    await dialog.getByText(/gpt-4o-mini answered in \d+ ms/).waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    const panel = await ui.analyze();
    // The first words are on screen before the model has finished.
    await panel.getByRole('heading', { name: 'Likely cause' }).waitFor();
    await panel.getByText('Add a fallback deployment').waitFor();
    await panel.getByText(/gpt-4o-mini · 1,860 tokens/).waitFor();
    expect(await panel.locator('strong', { hasText: 'rate-limits' }).count()).toBe(1);
    expect(llm.requests[1]!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    await ui.screenshot('streamed');
  });

  it('stops an analysis half-way, and the LLM request is really closed', async () => {
    const panel = ui.analysisPanel();
    await panel.getByRole('button', { name: 'Ask again' }).click();
    await panel.getByText(/word2/).waitFor();
    await panel.getByRole('button', { name: 'Stop' }).click();
    await panel.getByText('Stopped.').waitFor();
    const request = llm.requests[2]!;
    await request.closed;
    expect(request.closedEarly).toBe(true);
    expect(request.chunksSent).toBeLessThan(40);
  });

  it('writes the report folder, analysis included', async () => {
    const out = mkdtempSync(join(tmpdir(), 'logdesk-e2e-report-'));
    const dialog = await ui.exportReport(out);
    const text = (await dialog.textContent()) ?? '';
    expect(text).toMatch(/Report written: \d+ files, [\d,]+ errors in the CSV/);
    await ui.screenshot('exported');
    const [day] = readdirSync(out);
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const files = readdirSync(join(out, day!));
    const html = files.find((f) => /^report_\d{6}\.html$/.test(f));
    expect(html).toBeDefined();
    expect(files.some((f) => /^error_logs_full_\d{6}\.json$/.test(f))).toBe(true);
    expect(existsSync(join(out, day!, html!))).toBe(true);
    const page = readFileSync(join(out, day!, html!), 'utf8');
    expect(page).toContain('support-bot');
    // The streamed analysis shown in the app went into the report (the stopped one did not replace it).
    const analysisFile = files.find((f) => /^llm_analysis_\d{6}\.md$/.test(f));
    expect(readFileSync(join(out, day!, analysisFile!), 'utf8')).toContain('Add a fallback deployment');
    expect(page).not.toContain(API_KEY);
    await dialog.getByRole('button', { name: 'Show in folder' }).click();
    await dialog.getByText(/browser cannot open folders/).waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    expect(tab.problems).toEqual([]);
  });
});
