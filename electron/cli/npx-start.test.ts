import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npx logdesk` in the repository (issue 23): npm 11's libnpmexec looks for the command in the local
 * package's own package.json "bin" first and, finding it there, installs the package into its npx
 * cache through arborist before running it (seconds; the first time it even ran `prepare`, ≈ 45 s).
 * A command found in node_modules/.bin runs directly: `prepare` links it there instead
 * (scripts/link-cli-bin.mjs). Checked with the real npm, offline, in a throwaway npm cache.
 */
const ROOT = join(import.meta.dirname, '../..');
const LINK = join(ROOT, 'scripts/link-cli-bin.mjs');

/** `npm exec -- logdesk ARGS` in `dir` with its own npm cache, so what npx installed can be seen. */
function npx(dir: string, args: string[]) {
  const cache = mkdtempSync(join(tmpdir(), 'logdesk-npm-cache-'));
  const run = spawnSync('npm', ['exec', '--offline', '--', 'logdesk', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      npm_config_cache: cache,
      npm_config_update_notifier: 'false',
      npm_config_yes: 'true',
    },
  });
  return { ...run, installedIntoNpxCache: existsSync(join(cache, '_npx')) };
}

/** A project whose `logdesk` command prints "ran"; `bin` as package.json "bin" or not. */
function project(withBinField: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'logdesk-npx-'));
  const pkg = {
    name: 'p',
    version: '1.0.0',
    private: true,
    type: 'module',
    ...(withBinField ? { bin: { logdesk: 'bin/logdesk.mjs' } } : {}),
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin/logdesk.mjs'), '#!/usr/bin/env node\nconsole.log("ran");\n', { mode: 0o755 });
  return dir;
}

describe('npx logdesk in the repository', () => {
  it('a package.json "bin" makes npx install the project into its npx cache first (the cause)', () => {
    const run = npx(project(true), []);
    expect(run.stdout).toBe('ran\n');
    expect(run.installedIntoNpxCache).toBe(true);
  });

  it('node_modules/.bin/logdesk, as prepare links it, runs directly: nothing installed, no npm warning', () => {
    const dir = project(false);
    execFileSync(process.execPath, [LINK, dir]);
    const run = npx(dir, []);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('ran\n');
    expect(run.installedIntoNpxCache).toBe(false);
  });

  it('this repository: no "bin" field, and npx logdesk --version answers directly after npm ci', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
      bin?: unknown;
      scripts: Record<string, string>;
    };
    expect(pkg.bin).toBeUndefined();
    expect(pkg.scripts.prepare).toContain('node scripts/link-cli-bin.mjs');
    expect(
      existsSync(join(ROOT, 'node_modules/.bin/logdesk')),
      'node_modules/.bin/logdesk: run npm ci (its prepare links it)',
    ).toBe(true);
    const run = npx(ROOT, ['--version']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${pkg.version}\n`);
    expect(run.installedIntoNpxCache).toBe(false);
  });
});
