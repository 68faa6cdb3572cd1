import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, webSession } from './support/web-session.ts';

const session = webSession();

describe('the Health tab on the demo (web mode)', () => {
  it("shows the demo's deliberate gap and reconciliation difference, and a finding opens the Traffic view of its range", async () => {
    const ui = await session.open('health');
    await ui.setTimeRange('7d');
    await ui.runQuery();
    await ui.page.getByRole('tab', { name: 'Health' }).click();
    await ui.page.getByTestId('health-total').waitFor({ timeout: 180_000 });
    const integrity = ui.page.getByRole('region', { name: 'Logging integrity' });
    const gap = integrity.locator('[data-kind="gap"]');
    await expect.poll(() => gap.count()).toBe(1);
    expect(await gap.getByRole('heading').textContent()).toMatch(
      /^1 logging gap: 1\d minutes with no request logged amid steady traffic$/,
    );
    // The missing daily entry: SpendLogs holds requests the daily user table has no entry for.
    const missing = integrity
      .locator('[data-kind="reconciliation"]')
      .filter({ hasText: '"LiteLLM_DailyUserSpend" has no entry for' });
    await expect.poll(() => missing.count()).toBe(1);
    expect(await ui.page.getByRole('region', { name: 'Tables' }).getByRole('row').count()).toBeGreaterThan(3);
    await ui.page.screenshot({ path: join(ARTIFACTS, 'health-1440.png') });
    // The workspace scrolls on its own: its end too.
    await ui.page.locator('main').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await ui.page.screenshot({ path: join(ARTIFACTS, 'health-1440-end.png') });
    await ui.page.setViewportSize({ width: 1024, height: 700 });
    // Nothing wider than the window: the tables scroll inside their card.
    const overflow = () =>
      ui.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await expect.poll(overflow).toBeLessThanOrEqual(0);
    await ui.page.locator('main').evaluate((el) => el.scrollTo(0, 0));
    await ui.page.screenshot({ path: join(ARTIFACTS, 'health-1024.png') });
    await ui.page.locator('main').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await ui.page.screenshot({ path: join(ARTIFACTS, 'health-1024-end.png') });
    await ui.page.setViewportSize({ width: 1440, height: 900 });

    // Where to look: the gap's half hour either side, in the Traffic view.
    await gap.getByRole('button', { name: 'Show in Traffic' }).click();
    await ui.page.getByTestId('traffic-total').waitFor({ timeout: 120_000 });
    expect(await ui.page.getByRole('tab', { name: 'Traffic' }).getAttribute('aria-selected')).toBe('true');
    const title =
      (await ui.page
        .getByRole('region', { name: 'Traffic summary' })
        .locator('[title$="(UTC)"]')
        .getAttribute('title')) ?? '';
    const [from, to] = title
      .replace(' (UTC)', '')
      .split(' → ')
      .map((t) => Date.parse(t));
    expect(to! - from!).toBeGreaterThan(60 * 60_000);
    expect(to! - from!).toBeLessThan(2 * 60 * 60_000);
  }, 400_000);
});
