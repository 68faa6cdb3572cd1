import { describe, expect, it } from 'vitest';
import type { AppPage } from './pages/AppPage.ts';
import { Timeline } from './pages/timeline.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();
const MINUTE = 60_000;

async function opened(
  name: string,
  width: number,
  height: number,
): Promise<{ ui: AppPage; timeline: Timeline }> {
  const ui = await session.open(name, { width, height });
  await ui.selectUrl(session.server.url('gateway'));
  await ui.setTimeRange('24h');
  await ui.runQuery();
  return { ui, timeline: new Timeline(ui) };
}

const spanMinutes = (r: { from: string; to: string }) => (Date.parse(r.to) - Date.parse(r.from)) / MINUTE;

/**
 * A focus box left by a mouse action: an outline on the focused element, or the chart itself taking
 * focus (which draws nothing here, but puts recharts in keyboard mode with a tooltip that stays).
 */
const focusBox = (ui: AppPage) =>
  ui.page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outlined || el.closest('.timeline-card .chart-body') ? el.outerHTML.slice(0, 80) : null;
  });

describe('the timeline zooms; its legend filters (issue 12 fix 7)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: clicking a bar zooms to its bucket, without a focus box or a stuck tooltip`, async () => {
      const { ui, timeline } = await opened(`zoom-click-${width}`, width, height);
      const before = await ui.resolvedRange();
      expect(spanMinutes(before)).toBeGreaterThan(23 * 60);
      await timeline.card.scrollIntoViewIfNeeded();
      const peak = await timeline.hoverTallest();
      await timeline.clickAt(peak);
      // One 15-minute bucket of the 24-hour chart, and no model filter added.
      const zoomed = await ui.resolvedRange();
      expect(spanMinutes(zoomed)).toBeLessThanOrEqual(15);
      expect(Date.parse(zoomed.from)).toBeGreaterThanOrEqual(Date.parse(before.from));
      expect(await ui.filterValues('Model')).toEqual([]);
      expect(await ui.errorCount()).toBeGreaterThan(0);
      expect(await focusBox(ui), 'no focus box after a mouse click').toBeNull();
      await ui.screenshot('after-click');
      // The zoomed range adds its From/To fields, moving the chart under the still pointer: no
      // tooltip of the old chart stays, and once the pointer leaves, none at all.
      const overChart = await ui.page.evaluate(
        ([x, y]) => !!document.elementFromPoint(x!, y!)?.closest('.timeline-card .recharts-wrapper'),
        [peak.x, peak.y],
      );
      if (!overChart) expect(await timeline.tooltip().count(), 'a tooltip left from before the zoom').toBe(0);
      await ui.page.mouse.move(5, 5);
      await expect.poll(() => timeline.tooltip().count()).toBe(0);
    });

    it(`at ${width}×${height}: dragging across the timeline shows the selection and zooms to it`, async () => {
      const { ui, timeline } = await opened(`zoom-drag-${width}`, width, height);
      await timeline.card.scrollIntoViewIfNeeded();
      const [a, b] = [await timeline.bucketPoint(10), await timeline.bucketPoint(17)];
      await timeline.drag(a, b, async () => {
        await timeline.selection().waitFor();
        await ui.screenshot('dragging');
      });
      // Buckets 10 to 17 of the 24-hour chart: 8 buckets of 15 minutes.
      const zoomed = await ui.resolvedRange();
      expect(spanMinutes(zoomed)).toBe(8 * 15);
      expect(await ui.filterValues('Model')).toEqual([]);
      expect(await timeline.selection().count()).toBe(0);
      expect(await focusBox(ui)).toBeNull();
    });

    it(`at ${width}×${height}: a legend item filters by its model; keyboard focus on the chart stays visible`, async () => {
      const { ui, timeline } = await opened(`zoom-legend-${width}`, width, height);
      const before = await ui.runNumber();
      await timeline.legendItem('gpt-4o').click();
      await ui.waitForRun(before);
      expect(await ui.filterValues('Model')).toEqual(['gpt-4o']);
      expect(spanMinutes(await ui.resolvedRange())).toBeGreaterThan(23 * 60);
      // Tab from the last legend item reaches the chart, and its focus is drawn.
      await timeline.card.locator('.legend-item').last().focus();
      await ui.page.keyboard.press('Tab');
      const focused = await ui.page.evaluate(() => {
        const el = document.activeElement!;
        return {
          chart: el.classList.contains('recharts-surface'),
          visible: el.matches(':focus-visible'),
          outline: getComputedStyle(el).outlineStyle,
        };
      });
      expect(focused).toEqual({ chart: true, visible: true, outline: 'solid' });
      await ui.screenshot('keyboard-focus');
    });
  }
});
