import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

describe('Export report into a folder that cannot hold files', () => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 1024, height: 700 },
  ] as const) {
    it(`shows the reason at once in the Export dialog, and the next export succeeds (${viewport.width}×${viewport.height})`, async () => {
      const ui = await session.open(`export-unwritable-${viewport.width}`, viewport);
      const { page } = session.tab;
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      // The patterns the report reuses: grouping them is CPU work the refusal must not queue behind.
      await ui.waitForInsights();
      await page.getByRole('button', { name: 'Export report' }).click();
      const dialog = page.getByRole('dialog', { name: 'Export report' });
      await dialog.getByLabel('Folder').fill('/proc/nope');
      await dialog.getByRole('button', { name: 'Export', exact: true }).click();
      // Before the fix the server spun at full CPU and the dialog never answered (20 s was too
      // little on a machine at load 15: two suites at once).
      await dialog.getByText('The report was not written').waitFor({ timeout: 60_000 });
      expect(await dialog.textContent()).toMatch(
        /Cannot write the report into \/proc\/nope\/.*proc kernel file system, which cannot hold files/,
      );
      await ui.screenshot('refused');

      const out = mkdtempSync(join(tmpdir(), 'logdesk-e2e-after-proc-'));
      await dialog.getByLabel('Folder').fill(out);
      await dialog.getByRole('button', { name: 'Export', exact: true }).click();
      await dialog.getByRole('status', { name: 'Report written' }).waitFor({ timeout: 60_000 });
      expect(readdirSync(out)).toHaveLength(1);
    }, 120_000);
  }
});
