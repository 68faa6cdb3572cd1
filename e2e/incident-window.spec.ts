import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

describe('the incident window and its wording (web mode, real PostgreSQL)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: after clicking a spike, the window is not called "usual" (issue 12 fixes 3, 14)`, async () => {
      const ui = await session.open(`incident-window-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      const spikes = ui.page.getByRole('list', { name: 'Spikes, strongest first' });
      const first = spikes.getByRole('listitem').first();
      const sentence = (await first.textContent()) ?? '';
      // A rate change in numbers a person can picture, not "618× its usual rate".
      expect(sentence).toMatch(/from about [\d.,]+ to [\d,]+ per 15 min/);
      expect(sentence).not.toMatch(/×/);
      // "all in the table" says what it means.
      const meta = (await ui.page.getByRole('region', { name: 'Result summary' }).textContent()) ?? '';
      expect(meta).toMatch(/all [\d,]+ errors listed below/);

      const before = await ui.runNumber();
      await first.getByRole('button').click();
      await ui.waitForRun(before);
      const card = ui.page.locator('.spikes-card');
      await expect.poll(() => card.getAttribute('aria-busy')).toBe('false');
      const text = (await card.textContent()) ?? '';
      await ui.screenshot('after-spike');
      expect(text).not.toMatch(/usual rate/);
      expect(text).toMatch(/above the \d+ (min|h) before it/);
      expect(text).toMatch(/from about [\d.,]+ to [\d.,]+ per/);
    });
  }
});
