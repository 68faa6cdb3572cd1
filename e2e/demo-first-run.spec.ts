import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

/**
 * Issue 23: a fresh clone's first demo run (an empty cache folder) opens the snapshot `npm ci` /
 * `npm run build` prepared in out/demo, its week moved to now by views, and shows the week's errors.
 */
describe('the demo on a first start', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: an empty cache, Run query on the demo shows the week's errors`, async () => {
      const cache = mkdtempSync(join(tmpdir(), 'logdesk-e2e-cache-'));
      const ui = await session.open(
        `demo-first-run-${width}`,
        { width, height },
        { LOGDESK_CACHE_DIR: cache },
      );
      await ui.selectDemo();
      await ui.setTimeRange('7d');
      await ui.runQuery();
      await ui.page.getByRole('region', { name: 'Result summary' }).waitFor({ timeout: 120_000 });
      expect(await ui.errorCount()).toBeGreaterThan(500);
      await ui.screenshot('demo');
    }, 240_000);
  }
});
