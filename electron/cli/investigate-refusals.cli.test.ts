import { describe, expect, it } from 'vitest';
import { demoUrlArgs, runCli, tempHome } from '../test-support/run-cli.ts';

/** The demo's week in a real PostgreSQL (the `--demo` rows, read in a fraction of the time). */
const DEMO = await demoUrlArgs();

/** Issue 12 fix 13: arguments that cannot mean anything are refused before any query runs. */
describe('logdesk investigate refuses what it cannot honour', () => {
  it('refuses a status code that is not a number (exit 2, names the flag)', async () => {
    const run = await runCli(['investigate', '--demo', '--status-code', 'abc']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--status-code.*"abc"/);
    expect(run.stdout).toBe('');
  });

  it('refuses an unknown profile (exit 2), naming it and listing the saved ones', async () => {
    const home = tempHome();
    const add = await runCli(
      ['profiles', 'add', 'gateway-prod', '--transport', 'direct', '--url', 'postgres://u@127.0.0.1:1/db'],
      {
        LOGDESK_HOME: home,
      },
    );
    expect(add.code).toBe(0);
    const run = await runCli(['investigate', '--profile', 'nope'], { LOGDESK_HOME: home });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"nope"/);
    expect(run.stderr).toMatch(/gateway-prod/);
  });
});

describe('logdesk investigate --key-alias "" (issue 12 fix 6)', () => {
  it('filters the errors that have no key alias, as many as the breakdown counts', async () => {
    const all = await runCli(['investigate', ...DEMO, '--since', '24h', '--json', '--limit', '0']);
    expect(all.code).toBe(0);
    const missing = (JSON.parse(all.stdout).byKeyAlias as { keyAlias: string | null; count: number }[]).find(
      (k) => k.keyAlias === null,
    );
    expect(missing?.count).toBeGreaterThan(0);
    const run = await runCli([
      'investigate',
      ...DEMO,
      '--since',
      '24h',
      '--key-alias',
      '',
      '--json',
      '--limit',
      '5',
    ]);
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout);
    expect(doc.total).toBe(missing!.count);
    expect(doc.errors.every((e: { keyAlias: string | null }) => e.keyAlias === null)).toBe(true);
  }, 180_000);
});
