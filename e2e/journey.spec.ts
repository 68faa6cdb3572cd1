import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

/** Every console message a user's developer tools would flag, and every failed request. */
function watchConsole(page: Page): string[] {
  const noise: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    if (msg.type() === 'error' || msg.type() === 'warning' || /React DevTools/.test(text))
      noise.push(`${msg.type()}: ${text}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) noise.push(`HTTP ${res.status()} ${new URL(res.url()).pathname}`);
  });
  return noise;
}

describe('a whole investigation, with a clean console (issue 12 fix 12)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: query, chart click, details, patterns — no console error or warning`, async () => {
      const ui = await session.open(`journey-${width}`, { width, height });
      const noise = watchConsole(ui.page);
      // The listener starts after the first load; reload so that load is watched too.
      await ui.page.reload();
      await ui.runButton.waitFor();
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      expect(await ui.errorCount()).toBeGreaterThan(100);
      await ui.screenshot('results');
      await ui.clickBar('By error type', 'RateLimitError');
      await ui.openRow(0);
      await ui.screenshot('detail');
      await ui.page.keyboard.press('Escape');
      await ui.detailPanel().waitFor({ state: 'detached' });
      // A query that finds nothing: empty charts must not draw negative sizes.
      await ui.addFilter('Model', 'no-such-model');
      await ui.runQuery();
      expect(await ui.errorCount()).toBe(0);
      await ui.screenshot('empty');
      expect(noise).toEqual([]);
    });
  }
});
