import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

/** Issue 24 item 3: under an error-only filter the rate is over all requests, on both tabs. */
describe('error rate under error-only filters (issue 24)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: says what the rate is of, the same on Errors and Traffic`, async () => {
      const ui = await session.open(`error-rate-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.runQuery();
      const share = ui.page.getByTestId('error-share');
      await share.waitFor({ timeout: 90_000 });
      const all = /of ([\d,]+) requests/.exec((await share.textContent())!)![1];

      await ui.addFilter('Error type', 'RateLimitError');
      await ui.runQuery();
      const errors = await ui.errorCount();
      await expect
        .poll(() => share.textContent(), { timeout: 90_000 })
        .toContain(`of all ${all} requests (any error type)`);
      const rate = `${((errors / Number(all!.replace(/,/g, ''))) * 100).toFixed(1)}%`;
      expect(await share.textContent()).toContain(rate);
      await ui.screenshot('errors');

      await ui.page.getByRole('tab', { name: 'Traffic' }).click();
      const stat = ui.page.getByTestId('traffic-error-rate');
      await expect
        .poll(() => stat.textContent(), { timeout: 90_000 })
        .toContain(`of all ${all} requests (any error type)`);
      expect(await stat.textContent()).toContain(rate);
      await ui.screenshot('traffic');
    }, 240_000);
  }
});
