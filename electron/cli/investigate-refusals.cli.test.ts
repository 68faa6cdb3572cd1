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

describe('bad arguments exit 2 with a one-line reason naming the argument', () => {
  const cases: [string[], RegExp][] = [
    [['--bogus'], /unknown option --bogus/],
    [['--since', '7x'], /--since: expected a duration like 90m, 24h or 7d, got "7x"/],
    [['--from', '2026-03-10T12:00:00Z', '--to', '2026-03-10T10:00:00Z'], /--from .* must be before --to/],
    [['--from', 'yesterday'], /--from: expected an ISO 8601 date-time/],
    [['--limit', '-1'], /--limit: expected a whole number from 0 to 100000, got "-1"/],
    [['--limit', '1e3'], /--limit: expected a whole number/],
    [['--url', 'not a url'], /--url: expected postgres:\/\/user\[:password\]@host\[:port\]\/database/],
    [['--url', 'mysql://u@h'], /--url: the database name is missing/],
    [['--demo', '--url', 'postgres://u@h/db'], /choose one source/],
    [['--since', '1h', '--from', '2026-03-10T10:00:00Z'], /--since cannot be combined with --from/],
  ];
  for (const [args, reason] of cases) {
    it(args.join(' '), async () => {
      const run = await runCli(['investigate', ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(reason);
      expect(run.stdout).toBe('');
    });
  }

  it('an unknown command', async () => {
    const run = await runCli(['investgate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "investgate"/);
  });
});
