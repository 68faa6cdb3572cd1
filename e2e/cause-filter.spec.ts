import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();
const query = (url: string) => new URL(url).searchParams;

describe('the cause is a filter of the whole query, kept in the URL (issue 22)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(
      `at ${width}×${height}: a cause chip narrows totals and patterns, the URL holds it, a reload keeps it`,
      { timeout: 240_000 },
      async () => {
        const ui = await session.open(`cause-${width}`, { width, height });
        const { page } = session.tab;
        await ui.selectUrl(session.server.url('gateway'));
        await ui.setTimeRange('24h');
        await ui.runQuery();
        const all = await ui.errorCount();

        const causes = page.getByRole('group', { name: 'Filter patterns by cause' });
        await causes.waitFor();
        const before = await ui.runNumber();
        await causes.getByRole('button', { name: /^Provider rate limit/ }).click();
        await ui.waitForRun(before);
        // The summary settles with the run's totals (the first rows may come before them).
        await expect.poll(() => ui.errorCount(), { timeout: 60_000 }).toBeGreaterThan(0);
        const limited = await ui.errorCount();
        expect(limited).toBeLessThan(all);
        expect(query(page.url()).getAll('cause')).toEqual(['rate_limit']);
        // The filter form shows it; every pattern left is a rate limit.
        await page.getByRole('button', { name: 'Remove cause Provider rate limit' }).waitFor();
        await page.locator('.pattern-list .category-badge').first().waitFor({ timeout: 60_000 });
        const badges = await page.locator('.pattern-list .category-badge').allTextContents();
        expect(badges.length).toBeGreaterThan(0);
        expect(new Set(badges)).toEqual(new Set(['Provider rate limit']));
        await page.evaluate(() => window.scrollTo(0, 0));
        await ui.screenshot('rate-limit');

        await page.reload();
        await ui.waitForRun(0);
        expect(query(page.url()).getAll('cause')).toEqual(['rate_limit']);
        await page.getByRole('button', { name: 'Remove cause Provider rate limit' }).waitFor();
        await expect.poll(() => ui.errorCount(), { timeout: 60_000 }).toBe(limited);
        await page.evaluate(() => window.scrollTo(0, 0));
        await ui.screenshot('reloaded');
      },
    );
  }
});
