import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

describe('stale results and leftover errors (issue 12 fix 9)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: a filter change dims everything and offers to run; errors and hints follow the source`, async () => {
      const ui = await session.open(`stale-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      const charts = ui.page.getByRole('region', { name: 'By model', exact: true });
      const opacity = () =>
        charts.evaluate((el) => {
          let o = 1;
          for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
          return o;
        });
      expect(await opacity()).toBe(1);
      await ui.addFilter('Model', 'gpt-4o');
      const banner = ui.page.getByRole('status').filter({ hasText: 'Filters changed' });
      await banner.waitFor();
      await expect.poll(opacity).toBeLessThan(0.7);
      await ui.screenshot('stale');
      const before = await ui.runNumber();
      await banner.getByRole('button', { name: 'Run query' }).click();
      await ui.waitForRun(before);
      await expect.poll(opacity).toBe(1);
      expect(await banner.count()).toBe(0);

      // An error from one source does not stay on screen once the user picks another.
      await ui.selectUrl(session.server.url('no_such_database'));
      await ui.runQuery();
      await ui.queryError().waitFor();
      await ui.selectDemo();
      await ui.queryError().waitFor({ state: 'detached' });

      // The URL hint sits by the URL box, not below the filters.
      await ui.selectUrl('');
      const hint = ui.page.getByText('Enter a postgres://, mysql:// or sqlite:/// URL');
      await hint.waitFor();
      const hintBox = (await hint.boundingBox())!;
      const urlBox = (await ui.page.getByLabel('Database URL').boundingBox())!;
      await ui.screenshot('url-hint');
      expect(Math.abs(hintBox.y - (urlBox.y + urlBox.height))).toBeLessThan(24);
      expect(hintBox.x).toBeGreaterThanOrEqual(urlBox.x - 4);
      expect(hintBox.x).toBeLessThan(urlBox.x + urlBox.width);
    });
  }
});
