import type { Locator, Page } from 'playwright-core';
import type { AppPage } from './AppPage.ts';

/** The "Errors over time" card: its bars, legend and drag-to-zoom, as a user handles them. */
export class Timeline {
  constructor(private readonly ui: AppPage) {}

  private get page(): Page {
    return this.ui.page;
  }

  get card(): Locator {
    return this.page.getByRole('region', { name: 'Errors over time', exact: true });
  }

  /** Centres of the columns (one per bucket), left to right, with each column's height on screen. */
  async columns(): Promise<{ x: number; y: number; height: number }[]> {
    const boxes = await this.card.locator('.recharts-bar-rectangle').evaluateAll((rects) =>
      rects.map((r) => {
        const b = r.getBoundingClientRect();
        return { x: b.x + b.width / 2, top: b.y, bottom: b.y + b.height };
      }),
    );
    const byX = new Map<number, { x: number; top: number; bottom: number }>();
    for (const b of boxes) {
      const key = Math.round(b.x);
      const seen = byX.get(key);
      byX.set(
        key,
        seen ? { x: b.x, top: Math.min(seen.top, b.top), bottom: Math.max(seen.bottom, b.bottom) } : b,
      );
    }
    return [...byX.values()]
      .sort((a, b) => a.x - b.x)
      .map((c) => ({ x: c.x, y: (c.top + c.bottom) / 2, height: c.bottom - c.top }));
  }

  /** The middle of bucket `i` (empty or not), from the x axis and the number of buckets drawn. */
  async bucketPoint(i: number): Promise<{ x: number; y: number }> {
    const n = Number(await this.card.locator('.chart-body').getAttribute('data-buckets'));
    const axis = (await this.card.locator('.recharts-xAxis .recharts-cartesian-axis-line').boundingBox())!;
    return { x: axis.x + ((i + 0.5) * axis.width) / n, y: axis.y - 40 };
  }

  async tallest(): Promise<{ x: number; y: number; height: number }> {
    const cols = await this.columns();
    return cols.reduce((best, c) => (c.height > best.height ? c : best));
  }

  /**
   * Points at the tallest column until its tooltip shows. The layout can still move under a still
   * pointer (a scrollbar appearing as the results below fill in narrows the chart), and recharts only
   * reacts to a pointer that moves: so re-read the columns and nudge the pointer, as a user would.
   */
  async hoverTallest(timeoutMs = 30_000): Promise<{ x: number; y: number }> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const peak = await this.tallest();
      const point = { x: peak.x + (attempt % 2), y: peak.y };
      await this.page.mouse.move(point.x, point.y);
      const shown = await this.tooltip()
        .waitFor({ timeout: 2_000 })
        .then(
          () => true,
          () => false,
        );
      if (shown) return point;
      if (Date.now() > deadline) {
        const under = await this.page.evaluate(
          ([x, y]) => document.elementFromPoint(x!, y!)?.outerHTML.slice(0, 120) ?? 'nothing',
          [point.x, point.y],
        );
        throw new Error(
          `no tooltip after ${attempt + 1} moves to (${point.x}, ${point.y}); under the pointer: ${under}`,
        );
      }
    }
  }

  /** Clicks a column; the app zooms and runs the query. */
  async clickAt(point: { x: number; y: number }): Promise<void> {
    const before = await this.ui.runNumber();
    await this.page.mouse.click(point.x, point.y);
    await this.ui.waitForRun(before);
  }

  /** Presses at `from`, drags to `to` (calling `whileHeld` before releasing), releases. */
  async drag(
    from: { x: number; y: number },
    to: { x: number; y: number },
    whileHeld?: () => Promise<void>,
  ): Promise<void> {
    const before = await this.ui.runNumber();
    await this.page.mouse.move(from.x, from.y);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x, to.y, { steps: 8 });
    await whileHeld?.();
    await this.page.mouse.up();
    await this.ui.waitForRun(before);
  }

  selection(): Locator {
    return this.card.locator('.zoom-selection');
  }

  tooltip(): Locator {
    return this.card.locator('.chart-tooltip');
  }

  legendItem(model: string): Locator {
    return this.card.locator(`.legend-item[data-model="${model}"]`);
  }

  /** Model → its swatch's colour (as the browser computes it). */
  async colors(): Promise<Record<string, string>> {
    return this.card
      .locator('.legend-item[data-model]:not([data-model=""])')
      .evaluateAll((items) =>
        Object.fromEntries(
          items.map((i) => [
            i.getAttribute('data-model')!,
            getComputedStyle(i.querySelector('.swatch')!).backgroundColor,
          ]),
        ),
      );
  }
}
