import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { RANGE2D } from '../electron/test-support/upstream-call-logs.ts';
import { upstreamStatements } from '../electron/test-support/upstream-ddl.ts';
import { ConnectionsDialog } from './pages/ConnectionsDialog.ts';
import { webSession } from './support/web-session.ts';

/**
 * The parts of a mapping beside the call table, edited in the form (issue 21): a router's provider
 * names through `providers`, and an LLMCallLog's price table and roll-ups. The tables are the
 * upstream-shaped fixture (Django / SQLAlchemy DDL, see upstream-call-logs.ts) in PostgreSQL, at
 * fixed dates; the engine's clock is pinned to the end of that data.
 */
const session = webSession();
const DB = 'upstream';
const CLOCK = { LOGDESK_NOW: RANGE2D.to };

beforeAll(async () => {
  await session.server.createDatabase(DB);
  for (const sql of upstreamStatements('postgres')) await session.server.exec(sql, [], DB);
});

/** The message a control's aria-describedby points at: its problem, shown under it. */
async function problemOf(control: Locator): Promise<string> {
  const id = await control.getAttribute('aria-describedby');
  if (!id) throw new Error('the control has no problem described');
  return (await control.page().locator(`[id="${id}"]`).textContent()) ?? '';
}

async function newConnection(name: string, table: string): Promise<ConnectionsDialog> {
  const dialog = new ConnectionsDialog(session.tab.page);
  await dialog.open();
  const { server } = session;
  await dialog.fillDirect({
    name,
    host: server.host,
    port: server.port,
    database: server.databaseName(DB),
    user: 'postgres',
  });
  await dialog.loadTables();
  await dialog.pickTable(table);
  return dialog;
}

describe('the mapping form: lookups, price table and roll-ups (web mode, real PostgreSQL)', () => {
  it("maps a router's request_logs with the provider join made by hand, refuses a wrong column at its field, and shows provider names", async () => {
    const ui = await session.open('mapping-lookup', { width: 1440, height: 900, timezoneId: 'UTC' }, CLOCK);
    const page = session.tab.page;
    const dialog = await newConnection('router-pg', 'request_logs');
    const lookups = dialog.mapping.getByRole('group', { name: 'Names from lookup tables' });
    const provider = lookups.getByRole('group', { name: 'Provider lookup' });
    // The built-in shape brings the join; removed, it is made again by hand.
    expect(await provider.getByLabel('Lookup table').inputValue()).toBe('providers');
    await lookups.getByRole('button', { name: 'Remove the Provider lookup' }).click();
    await provider.waitFor({ state: 'detached' });
    expect(await dialog.mappingField('Provider').inputValue()).toBe('provider_id');
    await lookups.getByLabel('Add a lookup for').selectOption({ label: 'Provider (provider_id)' });
    await lookups.getByRole('button', { name: 'Add lookup' }).click();
    await provider.waitFor();
    // The table is guessed from the key column's name, its key and name columns from theirs.
    expect(await provider.getByLabel('Lookup table').inputValue()).toBe('providers');
    await expect.poll(() => provider.getByLabel('Matched on column').inputValue()).toBe('id');
    expect(await provider.getByLabel('Shown column').inputValue()).toBe('name');

    // A column of the wrong type is refused at its own field, in words; nothing is saved.
    await provider.getByLabel('Shown column').selectOption('created_at');
    expect(await (await dialog.preview()).textContent()).toContain('does not fit the table');
    expect(await problemOf(provider.getByLabel('Shown column'))).toBe(
      'provider (lookup): column "created_at" of table "providers" is timestamp without time zone; expected a text or number column',
    );
    expect(await provider.getByLabel('Shown column').getAttribute('aria-invalid')).toBe('true');
    await provider.scrollIntoViewIfNeeded();
    await ui.screenshot('error-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await provider.scrollIntoViewIfNeeded();
    await ui.screenshot('error-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Fixed: the preview shows the failures with the provider's name, not its id.
    await provider.getByLabel('Shown column').selectOption('name');
    const preview = await dialog.preview();
    const providers = await preview.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(await preview.locator('thead th').nth(2).textContent()).toBe('Provider');
    expect(providers.length).toBe(5);
    for (const p of providers) expect(['openai-east', 'anthropic', 'local-vllm', '—']).toContain(p);
    const wantNewest = await session.server.exec(
      `SELECT p.name FROM request_logs r LEFT JOIN providers p ON p.id = r.provider_id
        WHERE r.status_code IS NULL OR r.status_code NOT BETWEEN 200 AND 399 ORDER BY r.created_at DESC LIMIT 5`,
      [],
      DB,
    );
    expect(providers).toEqual(wantNewest.rows.map((r: { name: string | null }) => r.name ?? '—'));
    await preview.scrollIntoViewIfNeeded();
    await ui.screenshot('preview-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await preview.scrollIntoViewIfNeeded();
    await ui.screenshot('preview-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    await dialog.save();
    await dialog.select('router-pg').waitFor();
    const saved = JSON.stringify(
      JSON.parse(readFileSync(join(session.app.home, 'data', 'profiles.json'), 'utf8')),
    );
    expect(saved).toContain('"lookups":{"provider":{"table":"providers","key":"id","column":"name"}}');

    // Opened again, the form shows the saved join with the lookup table's columns read.
    await dialog.select('router-pg').click();
    await dialog.loadTables();
    await dialog.mapping.getByRole('group', { name: 'Columns of each call field' }).waitFor();
    const shown = provider.getByLabel('Shown column').locator('option:checked');
    await expect.poll(() => shown.textContent()).toBe('name · character varying ★');

    // The saved source: its failures carry the provider's name, the newest first.
    await dialog.use('router-pg');
    await ui.setTimeRange('7d');
    await ui.runQuery();
    const range = await ui.resolvedRange();
    const truth = await session.server.exec(
      `SELECT p.name FROM request_logs r LEFT JOIN providers p ON p.id = r.provider_id
        WHERE (r.status_code IS NULL OR r.status_code NOT BETWEEN 200 AND 399)
          AND r.created_at >= $1::timestamptz AT TIME ZONE 'UTC' AND r.created_at < $2::timestamptz AT TIME ZONE 'UTC'
        ORDER BY r.created_at DESC`,
      [range.from, range.to],
      DB,
    );
    expect(await ui.errorCount()).toBe(truth.rows.length);
    // The provider breakdown: each provider's name with its failures, as SQL counts them (bars only show: no provider filter).
    const perProvider: Record<string, number> = {};
    for (const r of truth.rows as { name: string | null }[])
      perProvider[`${r.name ?? '(no provider)'}: `] =
        (perProvider[`${r.name ?? '(no provider)'}: `] ?? 0) + 1;
    const bars = await page
      .getByRole('region', { name: 'By provider', exact: true })
      .locator('g.breakdown-bar title')
      .allTextContents();
    expect(
      Object.fromEntries(bars.map((t) => [/^(.*: )/.exec(t)![1]!, Number(/: (\d+) errors$/.exec(t)![1])])),
    ).toEqual(perProvider);
    await page.getByRole('region', { name: 'By provider', exact: true }).scrollIntoViewIfNeeded();
    await ui.screenshot('providers-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.getByRole('region', { name: 'By provider', exact: true }).scrollIntoViewIfNeeded();
    await ui.screenshot('providers-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    await ui.openRow(0);
    const fact = ui.detailPanel().locator('.fact', { has: page.locator('dt', { hasText: /^Provider$/ }) });
    expect(await fact.locator('dd').textContent()).toBe(truth.rows[0].name ?? '—');
    await ui.screenshot('investigation-1440');
  });

  it("edits an LLMCallLog's price table and roll-ups: detected ones prefilled, a wrong column refused, roll-ups removed, spend per currency", async () => {
    const ui = await session.open('mapping-prices', { width: 1024, height: 700, timezoneId: 'UTC' }, CLOCK);
    const page = session.tab.page;
    const dialog = await newConnection('calllog-pg', 'llm_llmcalllog');
    const tables = dialog.mapping.getByRole('group', { name: 'Price table and roll-ups' });
    const prices = tables.getByRole('group', { name: 'Price table columns' });
    // Detected beside the call log, as Django names them.
    expect(await tables.getByLabel('Price table', { exact: true }).inputValue()).toBe('llm_llmmodelprice');
    expect(await tables.getByLabel('Roll-up table').inputValue()).toBe('llm_llmtokenusage');
    await expect.poll(() => prices.getByLabel('Model column (required)').inputValue()).toBe('model_name');
    expect(await prices.getByLabel('Currency').inputValue()).toBe('currency');
    expect(await prices.getByLabel('Active flag').inputValue()).toBe('is_active');
    expect(await prices.getByLabel('Effective from').inputValue()).toBe('effective_date');
    expect(await prices.getByLabel('Prices per').inputValue()).toBe('1000');
    await tables.scrollIntoViewIfNeeded();
    await ui.screenshot('prefilled-1024');

    // A wrong column at its field, in words; removed, the price table is no problem at all.
    await prices.getByLabel('Effective from').selectOption('description');
    await tables.getByLabel('Roll-up table').selectOption('auth_user');
    expect(await (await dialog.preview()).textContent()).toContain('does not fit the table');
    expect(await problemOf(prices.getByLabel('Effective from'))).toBe(
      'priceTable.effectiveFrom: column "description" of table "llm_llmmodelprice" is text; expected a time column',
    );
    expect(await problemOf(tables.getByLabel('Roll-up table'))).toMatch(
      /^rollups: table "auth_user" is not a roll-up table: it has no "date" or "period_start"/,
    );
    await tables.scrollIntoViewIfNeeded();
    await ui.screenshot('error-1024');
    await page.setViewportSize({ width: 1440, height: 900 });
    await tables.scrollIntoViewIfNeeded();
    await ui.screenshot('error-1440');

    await prices.getByLabel('Effective from').selectOption('effective_date');
    await tables.getByLabel('Roll-up table').selectOption('');
    await dialog.preview();
    await dialog.save();
    await dialog.select('calllog-pg').waitFor();
    const profiles = JSON.parse(
      readFileSync(join(session.app.home, 'data', 'profiles.json'), 'utf8'),
    ) as unknown;
    const mapping = JSON.stringify(profiles);
    expect(mapping).toContain(
      '"priceTable":{"table":"llm_llmmodelprice","model":"model_name","input":"input_price_per_1k","output":"output_price_per_1k","per":1000,"currency":"currency","active":"is_active","effectiveFrom":"effective_date"}',
    );
    expect(mapping).not.toContain('rollups');

    // The saved source prices with it: spend one line per currency, and says which table estimated it.
    await dialog.use('calllog-pg');
    await ui.setTimeRange('7d');
    await ui.runQuery();
    const range = await ui.resolvedRange();
    await page.getByRole('tab', { name: 'Traffic' }).click();
    const summary = page.getByRole('region', { name: 'Traffic summary' });
    await summary.getByText('Estimates use llm_llmmodelprice.').waitFor({ timeout: 90_000 });
    const spend = await page.locator('.traffic-stat', { hasText: /^Spend/ }).allInnerTexts();
    expect(spend.some((s) => /CNY/.test(s))).toBe(true);
    expect(spend.some((s) => /\$|USD/.test(s))).toBe(true);
    // The key breakdown shows the users' names through the built-in auth_user lookup, counted as SQL counts them.
    const byUser = await session.server.exec(
      `SELECT u.username AS name, count(*)::int AS n FROM llm_llmcalllog c LEFT JOIN auth_user u ON u.id = c.user_id
        WHERE c.request_timestamp >= $1 AND c.request_timestamp < $2 AND u.username IS NOT NULL GROUP BY u.username`,
      [range.from, range.to],
      DB,
    );
    const keys = page.getByRole('table', { name: 'By key alias' });
    const shown: Record<string, number> = {};
    for (const user of byUser.rows as { name: string; n: number }[]) {
      const row = keys
        .getByRole('row')
        .filter({ has: page.getByRole('button', { name: user.name, exact: true }) });
      shown[user.name] = Number(((await row.locator('td').first().textContent()) ?? '').replace(/,/g, ''));
    }
    expect(shown).toEqual(
      Object.fromEntries((byUser.rows as { name: string; n: number }[]).map((u) => [u.name, u.n])),
    );
    expect(Object.keys(shown).sort()).toEqual(['alice', 'bob', 'carol']);
    await keys.scrollIntoViewIfNeeded();
    await ui.screenshot('traffic-1440');
  });
});
