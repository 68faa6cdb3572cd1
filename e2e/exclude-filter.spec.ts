import { describe, expect, it } from 'vitest';
import { countErrorsInSql } from './support/litellm-db.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();

describe('filters: "≠ value" chips, Clear all, the team alias field, a duration column (issue 12 Add)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: a chip toggles to "≠ value" and the count is everything else`, async () => {
      const ui = await session.open(`exclude-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      const all = await ui.errorCount();
      const range = await ui.resolvedRange();
      const supportBot = await countErrorsInSql(session.server, 'gateway', {
        ...range,
        keyAlias: 'support-bot',
      });
      expect(supportBot).toBeGreaterThan(0);

      await ui.addFilter('Key alias', 'support-bot');
      await ui.page.getByRole('button', { name: 'Exclude support-bot' }).click();
      expect(await ui.filterValues('Key alias')).toEqual([]);
      expect(await ui.excludedValues('Key alias')).toEqual(['≠ support-bot']);
      await ui.runQuery();
      // Errors without a key alias (ErrorLogs-only ones) stay: "not support-bot" is true of them.
      expect(await ui.errorCount()).toBe(all - supportBot);
      await expect.poll(() => ui.rows().first().textContent()).not.toMatch(/support-bot/);
      await ui.screenshot('excluded');

      // Toggled back it keeps only that key again.
      await ui.page.getByRole('button', { name: 'Include support-bot' }).click();
      expect(await ui.filterValues('Key alias')).toEqual(['support-bot']);
      await ui.runQuery();
      expect(await ui.errorCount()).toBe(supportBot);

      // The team alias filter, as the CLI has it; then Clear all keeps only the time range.
      await ui.addFilter('Team alias', 'nobody-team');
      await ui.page.getByLabel('Message contains').fill('quota');
      const clear = ui.page.getByRole('button', { name: 'Clear all' });
      await clear.click();
      expect(await ui.filterValues('Key alias')).toEqual([]);
      expect(await ui.filterValues('Team alias')).toEqual([]);
      expect(await ui.page.getByLabel('Message contains').inputValue()).toBe('');
      expect(await ui.page.getByLabel('Time range').inputValue()).toBe('24h');
      expect(await clear.isDisabled()).toBe(true);
      await ui.runQuery();
      expect(await ui.errorCount()).toBe(all);

      // The duration column: sortable, longest first on the first click.
      const header = ui.page.getByRole('columnheader', { name: 'Duration' });
      await ui.waitForInsights(); // they load above the table and move it
      await header.getByRole('button').click();
      expect(await header.getAttribute('aria-sort')).toBe('descending');
      const durations = await ui.page.locator('.grid-row:not(.grid-head) .col-duration').allTextContents();
      const ms = durations
        .slice(0, 10)
        .map((d) =>
          d.endsWith(' ms')
            ? Number(d.slice(0, -3))
            : d.endsWith(' s')
              ? Number(d.slice(0, -2)) * 1000
              : d.endsWith(' min')
                ? Number(d.slice(0, -4)) * 60_000
                : NaN,
        );
      expect(ms.every((n) => Number.isFinite(n))).toBe(true);
      expect(ms).toEqual([...ms].sort((a, b) => b - a));
      await ui.screenshot('duration-sorted');
    }, 180_000);
  }
});
