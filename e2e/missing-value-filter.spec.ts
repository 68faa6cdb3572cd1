import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

describe('"(no key alias)" is a filter value like any other (issue 12 fix 6)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: its bar filters, typing it filters, and the count is the bar's`, async () => {
      const ui = await session.open(`missing-value-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      const bar = ui.breakdownBar('By key alias', '(no key alias)');
      const barCount = Number(
        /: ([\d,]+) errors$/.exec((await bar.getAttribute('aria-label')) ?? '')?.[1]?.replace(/,/g, ''),
      );
      expect(barCount).toBeGreaterThan(0);
      await ui.clickBar('By key alias', '(no key alias)');
      expect(await ui.filterValues('Key alias')).toEqual(['(no key alias)']);
      expect(await ui.errorCount()).toBe(barCount);
      await ui.screenshot('filtered');
      const firstRow = ui.rows().first();
      await expect.poll(() => firstRow.textContent()).not.toMatch(/support-bot/);

      // Typed by hand it means the same.
      await ui.page.getByRole('button', { name: 'Remove (no key alias)' }).click();
      await ui.addFilter('Key alias', '(no key alias)');
      expect(await ui.filterValues('Key alias')).toEqual(['(no key alias)']);
      await ui.runQuery();
      expect(await ui.errorCount()).toBe(barCount);
    });
  }
});
