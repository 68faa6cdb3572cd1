import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { holdCalls } from './support/hold-calls.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();

describe('a relative export folder is inside the home folder, shown absolute (issue 12 fix 11)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: the dialog shows where a relative folder goes, and the report is written there`, async () => {
      const home = realpathSync(mkdtempSync(join(tmpdir(), 'logdesk-e2e-userhome-')));
      const ui = await session.open(`export-folder-${width}`, { width, height }, { HOME: home });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      const relative = `incident-reports-${width}-${process.pid}`;
      // Hold the last-location answer: a folder typed before the default arrives once got the default in
      // front of it ("logdesk-reports/tmp/…"), so the field must stay shut until the default is known.
      const held = await holdCalls(ui.page, 'report.lastLocation');
      await ui.page.getByRole('button', { name: 'Export report' }).click();
      const dialog = ui.page.getByRole('dialog', { name: 'Export report' });
      const shown = dialog.getByTestId('export-folder-path');
      await held.arrived;
      expect(await dialog.getByLabel('Folder').isDisabled()).toBe(true);
      held.release();
      // A first export has a sensible folder already: its own, in the home folder (issue 24 item 12).
      await expect.poll(() => dialog.getByLabel('Folder').inputValue()).toBe('logdesk-reports');
      await expect.poll(() => shown.textContent()).toBe(join(home, 'logdesk-reports'));
      await dialog.getByLabel('Folder').fill(relative);
      await expect.poll(() => shown.textContent()).toBe(join(home, relative));
      // The byte-order mark is a CSV format choice, not something removed before sharing (issue 24 item 12).
      const bom = dialog.getByLabel('Start the CSV with a byte-order mark (Excel)');
      expect(await bom.evaluate((el) => el.closest('fieldset')?.querySelector('legend')?.textContent)).toBe(
        'CSV',
      );
      // A browser cannot hand out a folder path: no picker in web mode.
      expect(await dialog.getByRole('button', { name: 'Choose…' }).count()).toBe(0);
      await ui.screenshot('dialog');
      await dialog.getByRole('button', { name: 'Export', exact: true }).click();
      await dialog.getByRole('status', { name: 'Report written' }).waitFor({ timeout: 90_000 });
      const html = (await dialog.locator('.path-line span').first().textContent())!.trim();
      expect(html.startsWith(`${join(home, relative)}/`), html).toBe(true);
      expect(existsSync(html)).toBe(true);
      // Not under the folder the server was started from.
      expect(existsSync(join(process.cwd(), relative))).toBe(false);
      await ui.screenshot('written');
    });
  }
});
