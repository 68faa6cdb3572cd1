import { describe, expect, it } from 'vitest';
import { demoUrlArgs, runCli } from '../test-support/run-cli.ts';

/** The demo's week in a real PostgreSQL (the `--demo` rows, read in a fraction of the time). */
const DEMO = await demoUrlArgs();
// The demo's incident (five hours before TEST_NOW, 2026-11-25 15:07 UTC) and the hours around it.
const RANGE = ['--from', '2026-11-25T06:00:00Z', '--to', '2026-11-25T12:00:00Z'];

/**
 * Issue 24 item 12: `logdesk investigate` printed the errors without their rate. The line reads as the
 * app's summary does, and under an error-only filter its denominator is all requests (rate-basis.ts).
 */
describe('logdesk investigate: the error-rate line', () => {
  it('gives failed ÷ requests of the same filters, and of all requests under an error-type filter', async () => {
    const usage = await runCli(['usage', ...DEMO, ...RANGE, '--json', '--limit', '1']);
    expect(usage.code, usage.stderr).toBe(0);
    const requests = (JSON.parse(usage.stdout) as { summary: { requests: number } }).summary.requests;
    expect(requests).toBeGreaterThan(0);

    const all = await runCli(['investigate', ...DEMO, ...RANGE, '--limit', '1']);
    expect(all.code, all.stderr).toBe(0);
    const errors = Number(/^([\d,]+) errors$/m.exec(all.stdout)![1]!.replace(/,/g, ''));
    const pct = ((errors / requests) * 100).toFixed(1);
    expect(all.stdout).toContain(
      `${errors.toLocaleString('en-US')} errors\nError rate: ${pct}% of ${requests.toLocaleString('en-US')} requests\n`,
    );

    const typed = await runCli([
      'investigate',
      ...DEMO,
      ...RANGE,
      '--limit',
      '1',
      '--error-type',
      'RateLimitError',
    ]);
    expect(typed.code, typed.stderr).toBe(0);
    expect(typed.stdout).toMatch(
      new RegExp(
        `\\nError rate: [\\d.]+% of all ${requests.toLocaleString('en-US')} requests \\(any error type\\)\\n`,
      ),
    );
  }, 180_000);
});
