import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

/** Issue 24 item 9: an analysis belongs to its source; reopening the app keeps the last range. */
describe('switching source and reopening (issue 24)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: another source clears the analysis; reopening / restores the last range`, async () => {
      const ui = await session.open(`source-switch-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('7d');
      await ui.runQuery();
      await ui.analyze();
      await ui.selectDemo();
      await ui.analysisPanel().waitFor({ state: 'detached', timeout: 30_000 });

      // A new page: its runs count from 0 again.
      await ui.open(session.app.url);
      await ui.waitForRun(0);
      const range = await ui.resolvedRange();
      expect(Date.parse(range.to) - Date.parse(range.from)).toBe(7 * 86_400_000);
      expect(await ui.page.getByLabel('Time range').inputValue()).toBe('7d');
    }, 240_000);
  }
});
