import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preferredSlot, SERIES_LIGHT } from '../shared/series-colors.ts';
import { ReportPage } from './pages/report-page.ts';
import { Timeline } from './pages/timeline.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();

describe('one colour per model for the session, the same in the report (issue 12 fix 10)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: a model keeps its colour across queries and in the exported report`, async () => {
      const ui = await session.open(`colors-${width}`, { width, height });
      const timeline = new Timeline(ui);
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      const order1 = await timeline.card
        .locator('.legend-item[data-model]:not([data-model=""])')
        .evaluateAll((l) => l.map((i) => i.getAttribute('data-model')!));
      const first = await timeline.colors();
      await ui.screenshot('all-models');

      // The second model alone moves to the first place: a colour by position would change.
      expect(order1.length, 'models in the first query').toBeGreaterThan(1);
      await ui.addFilter('Model', order1[1]!);
      await ui.runQuery();
      const order2 = await timeline.card
        .locator('.legend-item[data-model]:not([data-model=""])')
        .evaluateAll((l) => l.map((i) => i.getAttribute('data-model')!));
      const second = await timeline.colors();
      await ui.screenshot('one-model');
      const shared = order2.filter((m) => order1.includes(m));
      expect(shared.length, 'models in both queries').toBeGreaterThan(0);
      expect(
        shared.some((m) => order1.indexOf(m) !== order2.indexOf(m)),
        'a model changed place',
      ).toBe(true);
      for (const model of shared) expect(second[model], model).toBe(first[model]);

      const dialog = await ui.exportReport(mkdtempSync(join(tmpdir(), 'logdesk-e2e-colors-')));
      const html = (await dialog.locator('.path-line span').first().textContent())!.trim();
      const context = await session.tab.context.browser()!.newContext({ colorScheme: 'light' });
      try {
        const report = await ReportPage.open(context, await context.newPage(), html);
        const inReport = await report.page
          .locator('ul.legend li[data-model]:not([data-model=""])')
          .evaluateAll((items) =>
            Object.fromEntries(
              items.map((i) => [
                i.getAttribute('data-model')!,
                getComputedStyle(i.querySelector('.swatch')!).backgroundColor,
              ]),
            ),
          );
        expect(inReport).toEqual(second);
      } finally {
        await context.close();
      }
    });
  }

  /** `#0891b2` → `rgb(8, 145, 178)`, as getComputedStyle gives it. */
  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: two identical queries, a filtered one and a reload keep each model's colour (issue 24 item 4)`, async () => {
      const ui = await session.open(`colors-reload-${width}`, { width, height });
      const timeline = new Timeline(ui);
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      const first = await timeline.colors();
      await ui.runQuery();
      expect(await timeline.colors(), 'the same query again').toEqual(first);

      // A model that did not get the colour it prefers (its slot was taken): alone after a reload,
      // a fresh assignment would give it its preferred colour instead.
      const moved = Object.keys(first).find((m) => first[m] !== rgb(SERIES_LIGHT[preferredSlot(m)]!));
      expect(moved, `a model off its preferred colour among ${JSON.stringify(first)}`).toBeDefined();
      await ui.addFilter('Model', moved!);
      await ui.runQuery();
      expect((await timeline.colors())[moved!], 'filtered').toBe(first[moved!]);

      await ui.page.reload();
      await ui.waitForRun(0);
      await expect
        .poll(async () => Object.keys(await timeline.colors()), { timeout: 60_000 })
        .toEqual([moved]);
      expect((await timeline.colors())[moved!], 'reloaded').toBe(first[moved!]);
      await ui.screenshot('reloaded');

      await ui.page.getByRole('button', { name: 'Clear all' }).click();
      await ui.runQuery();
      expect(await timeline.colors(), 'every model again, after the reload').toEqual(first);
    });
  }
});
