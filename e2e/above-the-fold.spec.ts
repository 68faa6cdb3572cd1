import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { webSession } from './support/web-session.ts';

const session = webSession();
const SCREENS = '/work/notes/screens';

/** Issue 24 item 11: the answer (summary and timeline) is above the fold on both tabs. */
describe('room for the answer (issue 24)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: summary and timeline visible without scrolling, errors and traffic`, async () => {
      const ui = await session.open(`fold-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.runQuery();
      const bottom = async (l: Locator) => {
        await l.waitFor({ timeout: 90_000 });
        const box = (await l.boundingBox())!;
        return box.y + box.height;
      };
      // Watch, Presets and Analyze keep their words at both sizes (issue 24 item 11), and the header fits.
      for (const word of ['Watch', 'Presets', 'Analyze']) {
        const label = ui.page.locator('.app-header .btn-label-keep', { hasText: word });
        expect((await label.boundingBox())?.width ?? 0, word).toBeGreaterThan(20);
      }
      const toggle = (await ui.page.getByRole('switch').boundingBox())!;
      const url = (await ui.page.getByLabel('Database URL').boundingBox())!;
      expect(toggle.width, 'the Watch box keeps its size').toBeGreaterThanOrEqual(12);
      expect(toggle.x, 'the Watch box sits beside the URL field, not under it').toBeGreaterThanOrEqual(url.x + url.width);
      const header = ui.page.locator('.app-header');
      expect(await header.evaluate((h) => h.scrollWidth <= h.clientWidth), 'the header fits the window').toBe(true);
      expect(await bottom(ui.page.getByRole('region', { name: 'Result summary' }))).toBeLessThanOrEqual(height);
      expect(await bottom(ui.page.locator('.timeline-card'))).toBeLessThanOrEqual(height);
      // Issue 24 item 7: one bucket rule, so the last 24 hours are 15-minute buckets on both tabs.
      const errorBuckets = await ui.page.locator('.timeline-card .chart-body').getAttribute('data-buckets');
      expect(errorBuckets).toMatch(/^9[67]$/);
      expect(await ui.page.getByRole('region', { name: 'Result summary' }).textContent()).toContain('15 min buckets');
      keep(await ui.screenshot('errors'));

      await ui.page.getByRole('tab', { name: 'Traffic' }).click();
      expect(await bottom(ui.page.getByRole('region', { name: 'Traffic summary' }))).toBeLessThanOrEqual(height);
      expect(await ui.page.getByRole('region', { name: 'Traffic summary' }).textContent()).toContain('15 min buckets');
      expect(await ui.page.getByTestId('traffic-requests-chart').getAttribute('data-buckets')).toBe(errorBuckets);
      expect(await bottom(ui.page.locator('section[aria-labelledby="traffic-requests-title"]'))).toBeLessThanOrEqual(height);
      // Issue 24 item 7: the successful requests' latency beside every request's, labelled, also as a line.
      const latency = ui.page.getByTestId('traffic-latency');
      expect(await latency.locator('.traffic-stat-label').textContent()).toBe('p50 / p95, all');
      await expect.poll(() => latency.locator('.traffic-stat-before').textContent(), { timeout: 60_000 }).toMatch(/^OK: [\d.]+ (ms|s|min) \/ [\d.]+ (ms|s|min)$/);
      expect(await latency.getAttribute('title')).toMatch(/^Successful requests only: p50 /);
      await expect.poll(() => ui.page.locator('section[aria-labelledby="traffic-latency-title"] .legend-item').allTextContents()).toEqual(['p50', 'p95', 'p99', 'p50 successful']);
      // Still above the fold with every card filled in.
      expect(await bottom(ui.page.locator('section[aria-labelledby="traffic-requests-title"]'))).toBeLessThanOrEqual(height);
      keep(await ui.screenshot('traffic'));
    }, 240_000);
  }
});

/** The screens the closing note shows. */
function keep(path: string) {
  mkdirSync(SCREENS, { recursive: true });
  copyFileSync(path, join(SCREENS, basename(path)));
}
