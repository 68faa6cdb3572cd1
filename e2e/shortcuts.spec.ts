import { describe, expect, it } from 'vitest';
import { countErrorsInSql } from './support/litellm-db.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();

describe('keyboard shortcuts: / focuses the filters, Ctrl+Enter runs, ? lists them, Esc closes (issue 12 Add)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}`, async () => {
      const ui = await session.open(`shortcuts-${width}`, { width, height });
      const { page } = ui;
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      const range = await ui.resolvedRange();

      // `/` from anywhere outside a field focuses the first filter, and is not typed into it.
      await page.locator('main.workspace h2').click();
      await page.keyboard.press('/');
      const keyAlias = ui.filterInput('Key alias');
      await expect.poll(() => keyAlias.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await keyAlias.inputValue()).toBe('');

      // Ctrl+Enter runs even while typing, with the value just typed.
      await page.keyboard.type('support-bot');
      const before = await ui.runNumber();
      await page.keyboard.press('Control+Enter');
      await ui.waitForRun(before);
      expect(await ui.filterValues('Key alias')).toEqual(['support-bot']);
      expect(await ui.errorCount()).toBe(
        await countErrorsInSql(session.server, 'gateway', { ...range, keyAlias: 'support-bot' }),
      );
      expect(await ui.runNumber()).toBe(before + 1); // one run, not the form's submit as well

      // Typed into a field, `/` and `?` are text.
      const text = page.getByLabel('Message contains');
      await text.click();
      await page.keyboard.type('a/b?');
      expect(await text.inputValue()).toBe('a/b?');
      expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
      await text.fill('');

      // `?` lists the shortcuts; Esc closes the list.
      await page.locator('main.workspace h2').click();
      await page.keyboard.press('?');
      const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await list.waitFor();
      expect(await list.textContent()).toMatch(/Focus the filters.*Run the query.*Close/);
      await ui.screenshot('list');
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'detached' });

      // Esc closes the detail panel too.
      await ui.openRow(0);
      await page.keyboard.press('Escape');
      await ui.detailPanel().waitFor({ state: 'detached' });
    }, 180_000);
  }
});
