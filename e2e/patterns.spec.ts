import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { oracle } from '../electron/test-support/error-oracle.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../electron/test-support/pg-server.ts';
import { AppPage } from './pages/AppPage.ts';
import { launchBrowser, newPage, type BrowserPage } from './support/browser.ts';
import { REPO_ROOT } from './support/electron-runtime.ts';
import { createLiteLLMDatabase } from './support/litellm-db.ts';
import { startWebApp, type WebApp } from './support/web-app.ts';

const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');

let server: TestPostgres;
let browser: Browser;
let app: WebApp | null = null;
let tab: BrowserPage | null = null;

beforeAll(async () => {
  server = await startPostgres();
  await createLiteLLMDatabase(server, 'gateway');
  browser = await launchBrowser();
});

afterEach(async () => {
  if (tab) expect(tab.problems, 'errors in the page').toEqual([]);
  await tab?.context.close();
  await app?.stop();
  tab = null;
  app = null;
});

afterAll(async () => {
  await browser?.close();
  if (server) await destroyPostgres(server);
});

describe('error patterns and spikes (web mode, real PostgreSQL)', () => {
  it('names the incident in the top pattern and first spike, and both filter the results on click', async () => {
    app = await startWebApp();
    tab = await newPage(browser, { height: 1400 });
    const ui = new AppPage(tab.page, ARTIFACTS, 'patterns');
    await ui.open(app.url);
    await ui.selectUrl(server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.runQuery();
    const all = await ui.errorCount();

    const patterns = ui.page.getByRole('list', { name: 'Error patterns, largest first' });
    await patterns.waitFor({ timeout: 90_000 });
    const top = patterns.getByRole('listitem').first();
    const topText = (await top.textContent()) ?? '';
    const topCount = Number(
      ((await top.locator('.pattern-count strong').textContent()) ?? '').replace(/,/g, ''),
    );
    expect(topText).toContain('RateLimitError');
    expect(topText).toContain('gpt-4o');
    expect(topText).toContain('support-bot');
    // Placeholders are marked up, not plain text.
    expect(await patterns.locator('.placeholder').count()).toBeGreaterThan(0);
    expect(await top.locator('.sparkline path.sparkline-line').getAttribute('d')).toMatch(/^M[\d.,L]+$/);

    const spikes = ui.page.getByRole('list', { name: 'Spikes, strongest first' });
    const firstSpike = spikes.getByRole('listitem').first();
    const spikeText = (await firstSpike.textContent()) ?? '';
    expect(spikeText).toMatch(
      /^(key alias support-bot|model gpt-4o): [\d,]+ errors (\w{3} \d{1,2} )?\d{2}:\d{2}–(\w{3} \d{1,2} )?\d{2}:\d{2}, (\d[\d,.]*× its usual rate|none outside this window)$/,
    );
    await ui.page.screenshot({ path: join(ARTIFACTS, 'patterns.png') });
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    // Finish the theme's colour transitions before the picture (they run 0.12 s).
    await ui.page.screenshot({ path: join(ARTIFACTS, 'patterns-dark.png'), animations: 'disabled' });
    await ui.page.emulateMedia({ colorScheme: 'light' });

    // A spike: its value becomes the filter, its window the custom range, and the count is SQL's.
    let before = await ui.runNumber();
    await firstSpike.getByRole('button').click();
    await ui.waitForRun(before);
    expect(await ui.page.getByLabel('Time range').inputValue()).toBe('custom');
    const range = await ui.resolvedRange();
    const isKey = spikeText.startsWith('key alias');
    expect(await ui.filterValues(isKey ? 'Key alias' : 'Model')).toEqual([isKey ? 'support-bot' : 'gpt-4o']);
    const inWindow = await ui.errorCount();
    expect(inWindow).toBe(
      (
        await oracle(server, 'gateway', {
          ...range,
          ...(isKey ? { keyAliases: ['support-bot'] } : { models: ['gpt-4o'] }),
        })
      ).ids.length,
    );
    expect(inWindow).toBeLessThan(all);
    expect(Number(/([\d,]+) errors/.exec(spikeText)![1]!.replace(/,/g, ''))).toBeLessThanOrEqual(inWindow);

    // A pattern: the message filter gets its longest literal fragment.
    await ui.page.reload();
    await ui.runButton.waitFor();
    await ui.selectUrl(server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.runQuery();
    await patterns.waitFor({ timeout: 90_000 });
    before = await ui.runNumber();
    await patterns.getByRole('listitem').first().getByRole('button').click();
    await ui.waitForRun(before);
    const text = await ui.page.getByLabel('Message contains').inputValue();
    expect(text.length).toBeGreaterThan(5);
    expect(topText).toContain(text);
    // Every error of the pattern contains its literal fragment; other patterns may share it.
    const filtered = await ui.errorCount();
    expect(filtered).toBeGreaterThanOrEqual(topCount);
    expect(topCount).toBeGreaterThan(100);
    expect(filtered).toBeLessThan(all);
  });
});
