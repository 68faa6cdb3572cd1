import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

/** Issue 24 items 13 and 2: what the form shows is what runs, whatever key closed the suggestions. */
describe('keys in a filter field (issue 24)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: Escape, then Run query runs what the form shows`, async () => {
      const ui = await session.open(`filter-keys-${width}`, { width, height });
      await ui.setTimeRange('24h');
      await ui.selectUrl(session.server.url('gateway'));
      // Enter in the Database URL box runs the query (issue 24 item 10).
      const first = await ui.runNumber();
      await ui.page.getByLabel('Database URL').press('Enter');
      await ui.waitForRun(first);
      const everyKey = await ui.errorCount();

      await ui.setTimeRange('7d');
      const input = ui.filterInput('Key alias');
      await input.fill('support-bot');
      await input.press('Escape');
      await ui.runQuery();
      expect(await ui.filterValues('Key alias')).toEqual(['support-bot']);
      const range = await ui.resolvedRange();
      expect(Date.parse(range.to) - Date.parse(range.from)).toBe(7 * 86_400_000);
      expect(await ui.errorCount()).toBeLessThan(everyKey);
      expect(await ui.page.getByText('Filters changed').count()).toBe(0);
    }, 180_000);

    it(`at ${width}×${height}: Enter takes the highlighted suggestion; a value that matches nothing says so`, async () => {
      const ui = await session.open(`filter-enter-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      const input = ui.filterInput('Key alias');
      await input.fill('supp');
      const suggestion = ui.page.getByRole('option', { name: /support-bot/ });
      await suggestion.waitFor({ timeout: 90_000 });
      // Highlighted once the list answers what is in the box (an earlier search may show it first).
      await expect.poll(() => suggestion.getAttribute('aria-selected'), { timeout: 30_000 }).toBe('true');
      await input.press('Enter');
      expect(await ui.filterValues('Key alias')).toEqual(['support-bot']);

      await input.fill('zz-nobody');
      await ui.page.getByText('No matching values in this time range').waitFor({ timeout: 90_000 });
      await input.press('Enter');
      expect(await ui.filterValues('Key alias')).toEqual(['support-bot', 'zz-nobody']);
      await ui.page
        .getByRole('status')
        .filter({ hasText: 'No key alias “zz-nobody” in this time range' })
        .waitFor();
      await ui.screenshot('unknown-value');
    }, 180_000);
  }

  it('a list that slides under a resting pointer picks nothing: Enter on the empty box runs, Ctrl+Enter runs with the text as typed', async () => {
    const ui = await session.open('filter-pointer', { width: 1024, height: 700 });
    const { page } = ui;
    await ui.selectUrl(session.server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.runQuery();
    const input = ui.filterInput('Key alias');
    await input.focus();
    const list = page.getByRole('listbox');
    const options = list.getByRole('option');
    await options.nth(3).waitFor({ timeout: 90_000 });
    // The pointer rests just below the list; the page then scrolls (as focusing a field scrolls it
    // into view), so the list slides under the pointer without the mouse moving.
    const scroller = page.locator('main.workspace');
    expect(await scroller.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeGreaterThan(60);
    await scroller.evaluate((el) => el.scrollTo(0, 60));
    const listBox = (await list.boundingBox())!;
    await page.mouse.move(listBox.x + 20, listBox.y + listBox.height + 30);
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    await expect
      .poll(() => page.evaluate(() => document.querySelector('[role=option]:hover') !== null))
      .toBe(true);
    // Hover styles and boundary events follow within a frame or two of the scroll.
    for (let i = 0; i < 10; i++) {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    expect(await options.and(page.locator('[aria-selected=true]')).count()).toBe(0);

    // Enter on the empty box runs the query, and adds no value the pointer happened to rest on.
    const before = await ui.runNumber();
    await input.press('Enter');
    await ui.waitForRun(before);
    expect(await ui.filterValues('Key alias')).toEqual([]);

    // Ctrl+Enter runs what the box holds, as typed, like Run query: not the first suggestion.
    await input.fill('support');
    const suggestion = page.getByRole('option', { name: /support-bot/ });
    await expect.poll(() => suggestion.getAttribute('aria-selected'), { timeout: 90_000 }).toBe('true');
    const again = await ui.runNumber();
    await input.press('Control+Enter');
    await ui.waitForRun(again);
    expect(await ui.filterValues('Key alias')).toEqual(['support']);
    expect(await ui.runNumber()).toBe(again + 1);

    // A pointer that moves over the list still highlights what it points at.
    await input.fill('o');
    await options.nth(1).waitFor({ timeout: 90_000 });
    await options.nth(1).hover();
    await expect.poll(() => options.nth(1).getAttribute('aria-selected')).toBe('true');
  }, 180_000);
});
