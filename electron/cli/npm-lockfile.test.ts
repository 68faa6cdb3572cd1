import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npx logdesk` after `npm ci`: npm trusts its hidden lockfile only while node_modules is not newer
 * than it; the first vite or vitest run created node_modules/.vite(-temp), and from then on every
 * npx re-read the whole tree and logged "shrinkwrap failed to load node_modules/.package-lock.json".
 * Checked with the real npm on a one-package project.
 */
const SETTLE = join(import.meta.dirname, '../../scripts/settle-node-modules.mjs');
const STALE = 'failed to load node_modules/.package-lock.json';

/** A project as `npm ci` leaves it: one package, the hidden lockfile written last (here: a minute later than all else). */
function installedProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logdesk-npm-'));
  const lock = {
    name: 'p',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'p', version: '1.0.0', dependencies: { dep: '1.0.0' } },
      'node_modules/dep': { version: '1.0.0' },
    },
  };
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'p', version: '1.0.0', dependencies: { dep: '1.0.0' } }),
  );
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock));
  mkdirSync(join(dir, 'node_modules/dep'), { recursive: true });
  writeFileSync(
    join(dir, 'node_modules/dep/package.json'),
    JSON.stringify({ name: 'dep', version: '1.0.0' }),
  );
  writeFileSync(join(dir, 'node_modules/.package-lock.json'), JSON.stringify(lock));
  const earlier = new Date(Date.now() - 120_000);
  for (const path of ['node_modules/dep', 'node_modules']) utimesSync(join(dir, path), earlier, earlier);
  const installed = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'node_modules/.package-lock.json'), installed, installed);
  return dir;
}

/** What npm logs about the hidden lockfile when it reads the installed tree (as npx does). */
const npmLog = (dir: string) =>
  spawnSync('npm', ['ls', '--loglevel', 'verbose'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  }).stderr;

/** What vitest's and vite's first run do in node_modules. */
const firstViteRun = (dir: string) => {
  mkdirSync(join(dir, 'node_modules/.vite/vitest'), { recursive: true });
  mkdirSync(join(dir, 'node_modules/.vite-temp'), { recursive: true });
};

describe("npm's hidden lockfile after npm ci", () => {
  it('goes stale when vite first creates its folders in node_modules (the cause)', () => {
    const dir = installedProject();
    expect(npmLog(dir)).not.toContain(STALE);
    firstViteRun(dir);
    expect(npmLog(dir)).toContain(STALE);
  });

  it('stays current after prepare has settled node_modules', () => {
    const dir = installedProject();
    execFileSync(process.execPath, [SETTLE, join(dir, 'node_modules')]);
    firstViteRun(dir);
    expect(npmLog(dir)).not.toContain(STALE);
  });
});
