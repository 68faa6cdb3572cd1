import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

/** Issue 24 item 8: the detail panel formats a duration as the table does, and wraps long traceback lines. */
describe('the detail panel reads like the table (issue 24)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: duration as in the table; traceback lines wrap`, async () => {
      const ui = await session.open(`detail-format-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.runQuery();
      // The newest error that has a traceback: proxy-level failures (auth, budget) carry none, as LiteLLM
      // writes them, and which error is newest depends on when the data was generated.
      const types = await ui.rows().locator('.col-type').allTextContents();
      const index = types.findIndex((t) => !/ProxyException|BudgetExceededError/.test(t));
      expect(index, `a deployment error among ${types.join(', ')}`).toBeGreaterThanOrEqual(0);
      const tableDuration = (await ui.rows().nth(index).locator('.col-duration').textContent())!.trim();
      expect(tableDuration).toMatch(/^[\d.]+ (ms|s|min)$/);
      await ui.openRow(index);
      const panel = ui.detailPanel();
      const duration = panel
        .locator('dt', { hasText: /^Duration$/ })
        .locator('xpath=following-sibling::dd[1]');
      expect((await duration.textContent())!.trim()).toBe(tableDuration);
      const traceback = panel.locator('pre.traceback');
      await traceback.waitFor({ timeout: 90_000 });
      const fits = await traceback.evaluate((el) => ({
        wrap: getComputedStyle(el).whiteSpace,
        over: el.scrollWidth - el.clientWidth,
      }));
      expect(fits.wrap).toBe('pre-wrap');
      expect(fits.over).toBeLessThanOrEqual(1);
      await ui.screenshot('detail');
    }, 240_000);
  }
});
