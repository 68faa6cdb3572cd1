import { existsSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoUrlArgs, runCli } from '../test-support/run-cli.ts';

/** The demo's week in a real PostgreSQL (the `--demo` rows, read in a fraction of the time). */
const DEMO = await demoUrlArgs();

describe('logdesk investigate --out with a relative folder (issue 12 fix 11)', () => {
  it('writes under the current folder, not the home folder, and prints the absolute path', async () => {
    const cwd = realpathSync(mkdtempSync(join(tmpdir(), 'logdesk-cwd-')));
    const home = mkdtempSync(join(tmpdir(), 'logdesk-userhome-'));
    const run = await runCli(
      ['investigate', ...DEMO, '--since', '24h', '--limit', '5', '--out', 'reports'],
      { HOME: home },
      { cwd },
    );
    expect(run.code, run.stderr).toBe(0);
    const [day] = readdirSync(join(cwd, 'reports'));
    expect(run.stdout).toContain(`Report written to ${join(cwd, 'reports', day!)}`);
    expect(run.stdout).toMatch(new RegExp(`Open ${join(cwd, 'reports', day!)}/report_\\d{6}\\.html`));
    expect(existsSync(join(home, 'reports'))).toBe(false);
  }, 180_000);
});
