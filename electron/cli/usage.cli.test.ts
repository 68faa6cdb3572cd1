import { describe, expect, it } from 'vitest';
import { Traffic } from '../../shared/traffic.ts';
import { demoUrlArgs, runCli } from '../test-support/run-cli.ts';
import { parseUsageArgs } from './usage-args.ts';

/** The demo's week in a real PostgreSQL (the `--demo` rows, read in a fraction of the time). */
const DEMO = await demoUrlArgs();

describe('logdesk usage', () => {
  it('--json prints the usage document of DESIGN §8 for the demo week', async () => {
    const run = await runCli([
      'usage',
      ...DEMO,
      '--since',
      '24h',
      '--granularity',
      'hour',
      '--json',
      '--limit',
      '5',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = Traffic.extend({}).passthrough().parse(JSON.parse(run.stdout));
    for (const key of [
      'query',
      'summary',
      'previous',
      'byModel',
      'byDeployment',
      'byKeyAlias',
      'byTeam',
      'byEndUser',
      'series',
      'requests',
      'timings',
    ]) {
      expect(doc).toHaveProperty(key);
    }
    expect(Object.keys(doc.summary).sort()).toEqual(
      [
        'requests',
        'failed',
        'errorRate',
        'p50Ms',
        'p95Ms',
        'p99Ms',
        'ttftP50Ms',
        'ttftP95Ms',
        'promptTokens',
        'completionTokens',
        'totalTokens',
        'cachedTokens',
        'reasoningTokens',
        'spend',
        'spendEstimated',
        'failedAttempts',
      ].sort(),
    );
    // 24 hours not on the hour: the partial first and last hours are buckets too.
    expect(doc.series).toHaveLength(25);
    expect(doc.requests).toHaveLength(5);
    expect(doc.summary.failed).toBeGreaterThan(0);
    expect(doc.byModel.map((m) => m.requests)).toEqual(
      [...doc.byModel.map((m) => m.requests)].sort((a, b) => b - a),
    );
    // The demo's incident: the failing Azure replica's error rate jumped against the day before.
    const eu = doc.byDeployment.find((d) => d.deployment === 'azure/gpt-4o-eu')!;
    expect(eu.errorRate).toBeGreaterThan(0.2);
    expect(eu.previous!.errorRate).toBeLessThan(0.05);
  }, 180_000);

  it('prints the breakdown table with thousands separators (issue 12: one number format everywhere)', async () => {
    const run = await runCli(['usage', ...DEMO, '--since', '24h', '--by', 'deployment']);
    expect(run.code).toBe(0);
    const eu = run.stdout.split('\n').find((line) => line.includes('azure/gpt-4o-eu'))!;
    // Requests over a thousand and tokens in the millions, as the summary above prints them.
    expect(eu).toMatch(/ \d,\d{3} /);
    expect(eu).toMatch(/ \d{1,3},\d{3},\d{3} /);
  }, 180_000);

  it('--csv prints the breakdown of --by', async () => {
    const run = await runCli(['usage', ...DEMO, '--since', '6h', '--by', 'deployment', '--csv']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\r\n');
    expect(lines[0]).toMatch(/^dimension,value,requests,failed,error_rate/);
    expect(lines.slice(2).every((l) => l.startsWith('deployment,'))).toBe(true);
  }, 180_000);

  it.each([
    [
      ['--granularity', 'fortnight'],
      /^logdesk: --granularity: expected one of minute, hour, day, week, month, got "fortnight"/,
    ],
    [['--by', 'colour'], /^logdesk: --by: expected one of model, deployment, key, team, user/],
    [['--outcome', 'maybe'], /^logdesk: --outcome: expected one of all, success, failure/],
    [['--basis'], /^logdesk: --basis: expected a value/],
    [['--json', '--csv'], /^logdesk: --json and --csv: choose one output/],
    [['--since', '7x'], /^logdesk: --since: expected a duration/],
    [['--bogus'], /^logdesk: unknown option --bogus/],
    [['--out', 'x'], /^logdesk: --out: not an option of usage/],
    [
      ['--since', '365d', '--granularity', 'minute'],
      /^logdesk: .*granularity: "minute" gives more than 5000 buckets/,
    ],
  ])(
    'exits 2 naming the flag: %j',
    async (args, message) => {
      const run = await runCli(['usage', '--demo', ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    },
    180_000,
  );

  it('parses the traffic-only filters', () => {
    const c = parseUsageArgs([
      '--end-user',
      'u1',
      '--end-user=u2',
      '--session',
      's',
      '--deployment',
      'azure/x',
      '--outcome',
      'failure',
    ]);
    expect(c).not.toBe('help');
    if (c === 'help') return;
    expect(c.filters).toMatchObject({
      endUsers: ['u1', 'u2'],
      sessionIds: ['s'],
      deployments: ['azure/x'],
      outcome: 'failure',
    });
  });
});
