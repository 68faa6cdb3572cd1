import { describe, expect, it } from 'vitest';
import type { AppPage } from './pages/AppPage.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();

/** Each y-axis label of a breakdown: what it shows, and the full value its hover gives. */
async function labels(ui: AppPage, chart: string): Promise<{ shown: string; full: string }[]> {
  const ticks = ui.page.getByRole('region', { name: chart, exact: true }).locator('.breakdown-tick');
  return ticks.evaluateAll((gs) =>
    gs.map((g) => ({
      shown: g.querySelector('text')?.textContent ?? '',
      full: g.querySelector('title')?.textContent ?? '',
    })),
  );
}

describe('breakdown labels are measured from their text (issue 12 fix 4)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: long values fit or say their full value on hover, also after an empty result`, async () => {
      const ui = await session.open(`chart-labels-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      // First a query with no results, then one with: labels must not stay cut short.
      await ui.addFilter('Model', 'no-such-model');
      await ui.runQuery();
      expect(await ui.errorCount()).toBe(0);
      await ui.page.getByRole('button', { name: 'Remove no-such-model' }).click();
      await ui.runQuery();
      await ui.screenshot('labels');
      const keys = await labels(ui, 'By key alias');
      expect(keys.map((k) => k.shown)).toContain('support-bot');
      expect(keys.map((k) => k.shown)).toContain('(no key alias)');
      const types = await labels(ui, 'By error type');
      expect(types.length).toBeGreaterThan(2);
      // The longest error type the gateway raises fits whole where the card has room for it.
      if (width === 1440) expect(types.map((t) => t.shown)).toContain('ContextWindowExceededError');
      for (const t of types) {
        expect(t.full, 'every label has its full value on hover').not.toBe('');
        if (t.shown !== t.full)
          expect(t.shown.endsWith('…') && t.full.startsWith(t.shown.slice(0, -1))).toBe(true);
      }
    });
  }
});
