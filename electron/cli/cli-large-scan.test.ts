import { describe, expect, it } from 'vitest';
import { demoUrlArgs, runCli } from '../test-support/run-cli.ts';

/** The demo's week in a real PostgreSQL (the `--demo` rows, read in a fraction of the time). */
const DEMO = await demoUrlArgs();

describe('logdesk investigate before a huge scan', () => {
  it('says the estimate on stderr and refuses with exit 2 naming --yes', async () => {
    const run = await runCli(['investigate', ...DEMO, '--since', '7d', '--json'], {
      LOGDESK_LARGE_SCAN_ROWS: '10',
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /note: This query would read about [\d,]+ rows \(the warning threshold is 10\)/,
    );
    expect(run.stderr).toMatch(/--yes/);
  }, 120_000);

  it('runs it with --yes', async () => {
    const run = await runCli(['investigate', ...DEMO, '--since', '7d', '--json', '--yes'], {
      LOGDESK_LARGE_SCAN_ROWS: '10',
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).total).toBeGreaterThan(500);
  }, 120_000);

  it('names a threshold that is not a number', async () => {
    const run = await runCli(['investigate', '--demo'], { LOGDESK_LARGE_SCAN_ROWS: 'lots' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'LOGDESK_LARGE_SCAN_ROWS: expected a whole number of rows like 5000000, got "lots"',
    );
  }, 120_000);
});
