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
      // What a user sees first: the filters folded to one line (the page object opens them for the other specs).
      await ui.showAllFilters(false);
      await ui.selectUrl(session.server.url('gateway'));
      await ui.runQuery();
      const form = (await ui.page.getByRole('form', { name: 'Filters' }).boundingBox())!;
      expect(form.height, 'the filters take one line, as in Grafana Explore or Datadog').toBeLessThanOrEqual(
        56,
      );
      expect(
        await ui.page.getByLabel('Question in plain language').isVisible(),
        'the Ask box folds with the full form',
      ).toBe(false);
      expect(await ui.page.getByRole('list', { name: 'Active filters' }).textContent()).toBe('No filters');
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
      expect(toggle.x, 'the Watch box sits beside the URL field, not under it').toBeGreaterThanOrEqual(
        url.x + url.width,
      );
      const header = ui.page.locator('.app-header');
      expect(await header.evaluate((h) => h.scrollWidth <= h.clientWidth), 'the header fits the window').toBe(
        true,
      );
      expect(await bottom(ui.page.getByRole('region', { name: 'Result summary' }))).toBeLessThanOrEqual(
        height,
      );
      expect(await bottom(ui.page.locator('.timeline-card'))).toBeLessThanOrEqual(height);
      // Issue 24 item 7: one bucket rule, so the last 24 hours are 15-minute buckets on both tabs.
      const errorBuckets = await ui.page.locator('.timeline-card .chart-body').getAttribute('data-buckets');
      expect(errorBuckets).toMatch(/^9[67]$/);
      expect(await ui.page.getByRole('region', { name: 'Result summary' }).textContent()).toContain(
        '15 min buckets',
      );
      keep(await ui.screenshot('errors'));

      await ui.page.getByRole('tab', { name: 'Traffic' }).click();
      expect(await bottom(ui.page.getByRole('region', { name: 'Traffic summary' }))).toBeLessThanOrEqual(
        height,
      );
      expect(await ui.page.getByRole('region', { name: 'Traffic summary' }).textContent()).toContain(
        '15 min buckets',
      );
      expect(await ui.page.getByTestId('traffic-requests-chart').getAttribute('data-buckets')).toBe(
        errorBuckets,
      );
      expect(
        await bottom(ui.page.locator('section[aria-labelledby="traffic-requests-title"]')),
      ).toBeLessThanOrEqual(height);
      // Issue 24 item 7: the successful requests' latency beside every request's, labelled, also as a line.
      const latency = ui.page.getByTestId('traffic-latency');
      expect(await latency.locator('.traffic-stat-label').textContent()).toBe('p50 / p95, all');
      await expect
        .poll(() => latency.locator('.traffic-stat-before').textContent(), { timeout: 60_000 })
        .toMatch(/^OK: [\d.]+ (ms|s|min) \/ [\d.]+ (ms|s|min)$/);
      expect(await latency.getAttribute('title')).toMatch(/^Successful requests only: p50 /);
      await expect
        .poll(() =>
          ui.page.locator('section[aria-labelledby="traffic-latency-title"] .legend-item').allTextContents(),
        )
        .toEqual(['p50', 'p95', 'p99', 'p50 successful']);
      // Still above the fold with every card filled in.
      expect(
        await bottom(ui.page.locator('section[aria-labelledby="traffic-requests-title"]')),
      ).toBeLessThanOrEqual(height);
      keep(await ui.screenshot('traffic'));
    }, 240_000);
  }
});

describe('the one-line filter bar keeps every filter within reach (issue 24 item 11)', () => {
  it('/ opens the full form at its first field; a folded filter shows as a chip that removes it', async () => {
    const ui = await session.open('fold-keys', { width: 1024, height: 700 });
    await ui.showAllFilters(false);
    await ui.selectUrl(session.server.url('gateway'));
    await ui.runQuery();
    await ui.page.locator('main.workspace h2').first().click();
    await ui.page.keyboard.press('/');
    const keyAlias = ui.filterInput('Key alias');
    await expect.poll(() => keyAlias.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(
      await ui.page.getByLabel('Question in plain language').isVisible(),
      'the Ask box opens with the form',
    ).toBe(true);
    await ui.page.keyboard.type('support-bot');
    await ui.page.keyboard.press('Enter');
    await ui.page.getByLabel('Message contains').fill('rate');
    expect(await ui.filterValues('Key alias')).toEqual(['support-bot']);

    // Folded by keyboard: the toggle is a labelled button in the tab order.
    const toggle = ui.page.getByRole('button', { name: 'Hide filters' });
    await toggle.focus();
    await ui.page.keyboard.press('Enter');
    const chips = ui.page.getByRole('list', { name: 'Active filters' });
    await expect
      .poll(() => chips.getByRole('listitem').allInnerTexts())
      .toEqual(['Key alias = support-bot', 'Message contains “rate”']);
    await ui.screenshot('chips');
    const before = await ui.runNumber();
    await ui.page.keyboard.press('Control+Enter');
    await ui.waitForRun(before);
    const narrowed = await ui.errorCount();
    await ui.page.getByRole('button', { name: 'Remove filter Message contains “rate”' }).click();
    await ui.runQuery();
    expect(await chips.getByRole('listitem').allInnerTexts()).toEqual(['Key alias = support-bot']);
    expect(await ui.errorCount()).toBeGreaterThanOrEqual(narrowed);
    // A chip opens the full form to edit it.
    await chips.getByRole('button', { name: 'Key alias = support-bot', exact: true }).click();
    expect(await ui.page.getByRole('button', { name: 'Hide filters' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
    expect(await ui.page.getByLabel('Message contains').inputValue()).toBe('');
  }, 240_000);
});

/** The screens the closing note shows. */
function keep(path: string) {
  mkdirSync(SCREENS, { recursive: true });
  copyFileSync(path, join(SCREENS, basename(path)));
}
