import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

/**
 * Issue 23, "the first screen is the answer": a first start (a fresh data folder, nothing
 * remembered) opens on the demo with its investigation already running — no click — as a user's
 * first `logdesk web` or desktop window does (other specs open empty: LOGDESK_FIRST_SOURCE=none).
 */
describe('the first screen', () => {
  it("a fresh data folder: the page shows the demo's totals for the last 24 h without a click", async () => {
    const ui = await session.open(
      'first-screen',
      { width: 1440, height: 900 },
      { LOGDESK_FIRST_SOURCE: 'demo' },
    );
    const summary = ui.page.getByRole('region', { name: 'Result summary' });
    await summary.waitFor({ timeout: 120_000 });
    expect(await ui.page.getByLabel('Source', { exact: true }).inputValue()).toBe('demo');
    expect(await ui.page.getByLabel('Time range').inputValue()).toBe('24h');
    // One run, started by the page itself; the demo's incident (support-bot on gpt-4o) is in it.
    expect(await ui.runNumber()).toBe(1);
    expect(await ui.errorCount()).toBeGreaterThan(100);
    await ui.breakdownBar('By key alias', 'support-bot').waitFor();
    const { from, to } = await ui.resolvedRange();
    expect(Date.parse(to) - Date.parse(from)).toBe(86_400_000);
    await ui.screenshot('1440');
    await ui.page.setViewportSize({ width: 1024, height: 700 });
    await ui.screenshot('1024');
  }, 240_000);
});
