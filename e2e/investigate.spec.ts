import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oracle } from '../electron/test-support/error-oracle.ts';
import { countErrorsInSql } from './support/litellm-db.ts';
import { webSession } from './support/web-session.ts';

/** `YYYY-MM-DDTHH:MM` as a clock in Berlin shows it (computed here, independently of the app). */
function berlinWallClock(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
const session = webSession();

/** A fresh `logdesk web` (own LOGDESK_HOME) and a fresh browser context per test. */
const openApp = (name: string, colorScheme: 'light' | 'dark' = 'light') =>
  session.open(name, { colorScheme });

describe('investigating in the browser (web mode, real PostgreSQL)', () => {
  it('picks a source, filters by key alias and model, and counts what SQL counts', async () => {
    const ui = await openApp('filters');
    await ui.screenshot('start');
    await ui.selectUrl(session.server.url('gateway'));
    await ui.setTimeRange('24h');
    // The key alias comes from the suggestions the database offers for the range.
    await ui.filterInput('Key alias').fill('supp');
    await ui.page.getByRole('option', { name: /^support-bot/ }).click();
    await ui.addFilter('Model', 'gpt-4o');
    expect(await ui.filterValues('Key alias')).toEqual(['support-bot']);
    expect(await ui.filterValues('Model')).toEqual(['gpt-4o']);
    await ui.screenshot('filled');
    await ui.runQuery();

    const n = await ui.errorCount();
    const range = await ui.resolvedRange();
    expect(n).toBe(
      await countErrorsInSql(session.server, 'gateway', {
        ...range,
        keyAlias: 'support-bot',
        model: 'gpt-4o',
      }),
    );
    const expected = await oracle(session.server, 'gateway', {
      ...range,
      keyAliases: ['support-bot'],
      models: ['gpt-4o'],
    });
    expect(n).toBe(expected.ids.length);
    expect(n).toBeGreaterThan(100); // the injected incident
    // Every visible row matches the filters.
    const firstRow = ui.rows().first();
    await expect.poll(() => firstRow.textContent()).toMatch(/gpt-4o.*support-bot/);
    await ui.screenshot('results');

    // Enter in the form runs the query too.
    await ui.filterInput('Model').focus();
    await ui.pressEnterIn('Model');
    expect(await ui.errorCount()).toBe(n);
  });

  it('adds a filter by clicking a chart bar, and the count follows', async () => {
    const ui = await openApp('chart');
    await ui.selectUrl(session.server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.runQuery();
    const all = await ui.errorCount();
    const range = await ui.resolvedRange();
    expect(all).toBe((await oracle(session.server, 'gateway', range)).ids.length);
    await ui.screenshot('overview');

    const bar = ui.breakdownBar('By error type', 'RateLimitError');
    const label = (await bar.getAttribute('aria-label')) ?? '';
    const barCount = Number(/: (\d+) errors$/.exec(label)?.[1]);
    await ui.clickBar('By error type', 'RateLimitError');
    expect(await ui.filterValues('Error type')).toEqual(['RateLimitError']);
    const filtered = await ui.errorCount();
    expect(filtered).toBe(barCount);
    expect(filtered).toBe(
      (await oracle(session.server, 'gateway', { ...range, errorTypes: ['RateLimitError'] })).ids.length,
    );
    expect(filtered).toBeLessThan(all);

    // A second click, on another chart, narrows further.
    await ui.clickBar('By key alias', 'support-bot');
    expect(await ui.filterValues('Key alias')).toEqual(['support-bot']);
    expect(await ui.errorCount()).toBeLessThanOrEqual(filtered);
    await ui.screenshot('after-click');
  });

  it('opens an error’s details with every stored field, secrets redacted, and Esc closes them', async () => {
    const ui = await openApp('details');
    await session.tab.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: session.app.origin,
    });
    await ui.selectUrl(session.server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.addFilter('Key alias', 'support-bot');
    await ui.runQuery();
    await ui.openRow(0);
    const panel = ui.detailPanel();
    await expect.poll(() => panel.getByRole('heading', { name: 'Traceback' }).count()).toBe(1);
    for (const section of ['Message', 'Metadata', 'LiteLLM_SpendLogs row']) {
      expect(await panel.getByRole('heading', { name: section }).count(), section).toBe(1);
    }
    const requestId = (await panel.locator('.detail-id span').first().textContent())!;
    expect(requestId).toMatch(/^(chatcmpl|emb)-/);
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('support-bot');
    expect(text).toContain('error_information');
    // The virtual key's hash is a credential: never shown.
    const token = await session.server.exec(
      `SELECT api_key FROM "LiteLLM_SpendLogs" WHERE request_id = $1`,
      [requestId],
      'gateway',
    );
    expect(text).not.toContain(token.rows[0].api_key as string);

    await panel.getByRole('button', { name: 'Copy request id' }).click();
    expect(await ui.page.evaluate(() => navigator.clipboard.readText())).toBe(requestId);
    // The raw row starts collapsed; expanding it shows its columns.
    const rawRow = panel.locator('.detail-section', {
      has: ui.page.getByRole('heading', { name: 'LiteLLM_SpendLogs row' }),
    });
    await rawRow.getByRole('button', { expanded: false }).first().click();
    await expect.poll(() => rawRow.textContent()).toContain('request_duration_ms');
    await ui.screenshot('detail');

    await ui.page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('saves a preset, and after a reload applying it gives the same count', async () => {
    const ui = await openApp('presets');
    await ui.selectUrl(session.server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.addFilter('Key alias', 'support-bot');
    await ui.addFilter('Model', 'gpt-4o');
    await ui.runQuery();
    const n = await ui.errorCount();
    await ui.savePreset('Support bot on gpt-4o');

    const file = JSON.parse(readFileSync(join(session.app.home, 'data', 'presets.json'), 'utf8'));
    expect(file.presets[0].filters.timeRange).toEqual({ kind: 'relative', last: '24h' });

    // A fresh start (a reload would restore this view from its URL): the last source, default filters, run.
    await ui.page.goto(`${session.app.origin}/`);
    await ui.waitForRun(0);
    expect(await ui.filterValues('Key alias')).toEqual([]);
    const popover = await ui.openPresets();
    await ui.screenshot('preset-list');
    await popover.getByTitle('Apply Support bot on gpt-4o').waitFor();
    await ui.page.keyboard.press('Escape');
    await ui.applyPreset('Support bot on gpt-4o');
    expect(await ui.errorCount()).toBe(n);
    expect(await ui.filterValues('Key alias')).toEqual(['support-bot']);
    expect(await ui.filterValues('Model')).toEqual(['gpt-4o']);
    expect(await ui.page.getByLabel('Time range').inputValue()).toBe('24h');
    expect(await ui.page.getByLabel('Database URL').inputValue()).toBe(session.server.url('gateway'));

    // Rename, then delete.
    const list = await ui.openPresets();
    await list.getByRole('button', { name: 'Rename preset Support bot on gpt-4o' }).click();
    await list.getByRole('textbox').fill('Incident');
    await list.getByRole('button', { name: 'Rename', exact: true }).click();
    await list.getByTitle('Apply Incident').waitFor();
    await list.getByRole('button', { name: 'Delete preset Incident' }).click();
    await list.getByRole('button', { name: 'Delete', exact: true }).click();
    await list.getByText(/No presets yet/).waitFor();
  });

  it('takes a custom range in local wall-clock time and queries it in UTC', async () => {
    const ui = await openApp('custom-range');
    await ui.selectUrl(session.server.url('gateway'));
    await ui.page.getByLabel('Time range').selectOption('custom');
    const from = ui.page.getByLabel('From', { exact: true });
    const to = ui.page.getByLabel('To', { exact: true });
    // Prefilled with the previous quick range, in local time.
    expect(await from.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    // The browser runs in Europe/Berlin; type a window there that holds the whole data set.
    const start = Date.now() - 20 * 3_600_000;
    const end = Date.now() + 3_600_000;
    await from.fill(berlinWallClock(start));
    await to.fill(berlinWallClock(end));
    await ui.screenshot('custom');
    await ui.runQuery();
    const range = await ui.resolvedRange();
    expect(range.from).toBe(new Date(Math.floor(start / 60_000) * 60_000).toISOString());
    expect(range.to).toBe(new Date(Math.floor(end / 60_000) * 60_000).toISOString());
    expect(await ui.errorCount()).toBe((await oracle(session.server, 'gateway', range)).ids.length);
    // An impossible range cannot run and says why.
    await to.fill(berlinWallClock(start - 3_600_000));
    await ui.page.getByText('The start must be before the end').waitFor();
    expect(await ui.runButton.isDisabled()).toBe(true);
  });

  it('looks right in the dark theme too', async () => {
    const ui = await openApp('dark', 'dark');
    await ui.selectUrl(session.server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.runQuery();
    expect(await ui.errorCount()).toBeGreaterThan(0);
    const background = await ui.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(14, 16, 20)');
    await ui.screenshot('results');
    await ui.openRow(0);
    await ui.screenshot('detail');
  });
});
