import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronRuntime, REPO_ROOT } from './support/electron-runtime.ts';
import { AppPage } from './pages/AppPage.ts';

const runtime = electronRuntime();
const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');
const SKIP_REASON =
  'skipped: the Electron runtime is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); run `npm rebuild electron` to enable';

describe('the desktop app (Electron)', () => {
  it('opens a locked-down window whose engine runs a query', { timeout: 180_000 }, async (ctx) => {
    if (!runtime) {
      console.warn(`electron-app.spec: ${SKIP_REASON}`);
      ctx.skip(SKIP_REASON);
    }
    const build = spawnSync(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    expect(build.status, build.stderr).toBe(0);
    const userData = mkdtempSync(join(tmpdir(), 'logdesk-electron-'));
    const app = await electron.launch({
      executablePath: runtime!,
      args: [REPO_ROOT, '--no-sandbox'],
      env: { ...process.env, LOGDESK_USER_DATA: userData, ELECTRON_RENDERER_URL: '' },
    });
    try {
      const page = await app.firstWindow();
      // No Node in the page, and only the one bridge object from the isolated preload.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
        'undefined',
      );
      expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
        'undefined',
      );
      expect(
        await page.evaluate(() => Object.isFrozen((globalThis as unknown as { logdesk: object }).logdesk)),
      ).toBe(true);
      expect(
        await page.evaluate(() => Object.keys((globalThis as unknown as { logdesk: object }).logdesk).sort()),
      ).toEqual(['call', 'listen', 'openExternal']);
      // Navigation away from the app is refused.
      const before = page.url();
      await page.evaluate(() => void (location.href = 'https://example.com/'));
      await page.waitForTimeout(500);
      expect(page.url()).toBe(before);

      const ui = new AppPage(page, ARTIFACTS, 'electron');
      // Issue 23: a first start (fresh user data) opens on the demo, its last 24 h queried without a click.
      await page.getByRole('region', { name: 'Result summary' }).waitFor({ timeout: 120_000 });
      expect(await ui.errorCount()).toBeGreaterThan(0);
      await ui.setTimeRange('7d');
      await ui.runQuery();
      expect(await ui.errorCount()).toBeGreaterThan(0);
      mkdirSync(ARTIFACTS, { recursive: true });
      await ui.screenshot('results');
    } finally {
      await app.close();
    }
  });

  it('`npm start` without the runtime names web mode instead of printing a stack trace', async (ctx) => {
    if (runtime)
      ctx.skip('skipped: the Electron runtime is installed here, so npm start would open the window');
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/start-electron.mjs')], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Electron runtime is not installed/);
    expect(run.stderr).toMatch(/npm run start:web/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
