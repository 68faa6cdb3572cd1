import { describe, expect, it } from 'vitest';
import type { Traffic, TrafficFigures } from '../../shared/traffic.ts';
import {
  asDetailRow,
  beforeWords,
  latencyWords,
  seriesRows,
  ttftWords,
  usageRows,
} from './traffic-shaping.ts';

const fig = (requests: number, failed: number, p95Ms: number | null = 1000): TrafficFigures => ({
  requests,
  failed,
  errorRate: requests ? failed / requests : 0,
  p95Ms,
  totalTokens: 10,
  spend: 0.5,
  spendEstimated: false,
});

const traffic = (over: Partial<Traffic>): Traffic =>
  ({
    byModel: [],
    byDeployment: [],
    byKeyAlias: [],
    byTeam: [],
    byEndUser: [],
    series: [],
    ...over,
  }) as Traffic;

describe('traffic shaping', () => {
  it('stacks successes under failures and breaks the rate line on empty buckets', () => {
    const rows = seriesRows([
      { bucket: 'a', ...fig(200, 12), p50Ms: 100, p99Ms: 2000 },
      { bucket: 'b', ...fig(0, 0, null), p50Ms: null, p99Ms: null },
    ]);
    expect(rows[0]).toMatchObject({ succeeded: 188, failed: 12, errorRatePct: 6, p95: 1000 });
    expect(rows[1]).toMatchObject({ requests: 0, errorRatePct: null, p95: null });
  });

  it('marks the deployment whose error rate jumped, with its change against the period before', () => {
    const t = traffic({
      byDeployment: [
        {
          deployment: 'azure/gpt-4o-eu',
          apiBase: 'https://eu/',
          model: 'gpt-4o',
          ...fig(1000, 560),
          previous: fig(900, 14),
        },
        {
          deployment: 'openai/gpt-4o',
          apiBase: 'https://us/',
          model: 'gpt-4o',
          ...fig(400, 8),
          previous: fig(380, 5),
        },
        { deployment: null, apiBase: null, model: null, ...fig(3, 3), previous: null },
      ],
    });
    const rows = usageRows(t, 'deployment');
    expect(rows.map((r) => r.alarming)).toEqual([true, false, false]);
    expect(rows[0]).toMatchObject({
      label: 'azure/gpt-4o-eu',
      detail: 'gpt-4o · https://eu/',
      errorRateChange: '1.6% → 56.0%',
      requestsChange: '+11%',
    });
    expect(rows[0]!.pick).toEqual({ field: 'deployments', value: 'azure/gpt-4o-eu' });
    expect(rows[2]).toMatchObject({ label: '(none)', pick: null, errorRateChange: 'new' });
  });

  it('words the share of failed requests and opens successes in the detail panel', () => {
    const row = asDetailRow({ status: 'success', errorType: null } as Parameters<typeof asDetailRow>[0]);
    expect(row.errorType).toBe('Success');
  });

  it('says "new" where the period before had no requests, and why TTFT is missing (issue 24 item 7)', () => {
    const empty = {
      requests: 0,
      failed: 0,
      errorRate: 0,
      p95Ms: null,
      p99Ms: null,
    } as unknown as Traffic['previous'];
    expect(beforeWords({ previous: empty })).toEqual({ errorRate: 'new', p95: 'new', p99: 'new' });
    const some = {
      requests: 10,
      failed: 1,
      errorRate: 0.1,
      p95Ms: 1200,
      p99Ms: 2500,
    } as unknown as Traffic['previous'];
    expect(beforeWords({ previous: some })).toEqual({
      errorRate: 'before 10.0%',
      p95: 'before 1.20 s p95',
      p99: 'before 2.50 s',
    });
    expect(ttftWords(532)).toEqual({ value: '532 ms', reason: null });
  });

  it('ends a breakdown with one "(other N values)" row: past the shown rows and past the query\'s top N (issue 18 item 5)', () => {
    const models = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ model: `m${i}`, ...fig(100 - i, 1), previous: null }));
    const remainder = { ...fig(40, 4, null), totalTokens: 70, spend: 2, values: 950 };
    // The query listed 50 of 1,000 models: 11 rows shown, the other 39 listed and the 950 beyond summed.
    const rows = usageRows(
      traffic({ byModel: models(50), others: { byModel: remainder } as Traffic['others'] }),
      'model',
    );
    expect(rows).toHaveLength(12);
    expect(rows.slice(0, 11).map((r) => r.label)).toEqual(models(11).map((m) => m.model));
    const listedRest = models(50).slice(11);
    const requests = listedRest.reduce((s, m) => s + m.requests, 0) + 40;
    expect(rows[11]).toMatchObject({
      key: 'other',
      label: '(other 989 values)',
      pick: null,
      alarming: false,
    });
    expect(rows[11]!.figures).toMatchObject({
      requests,
      failed: 39 + 4,
      errorRate: 43 / requests,
      p95Ms: null,
      totalTokens: 39 * 10 + 70,
      spend: 39 * 0.5 + 2,
    });
    // A short list with values beyond it: every listed row, then the remainder.
    const short = usageRows(
      traffic({ byModel: models(3), others: { byModel: remainder } as Traffic['others'] }),
      'model',
    );
    expect(short.map((r) => r.label)).toEqual(['m0', 'm1', 'm2', '(other 950 values)']);
    // Nothing beyond and the list fits: no remainder row.
    expect(usageRows(traffic({ byModel: models(12) }), 'model').map((r) => r.key)).not.toContain('other');
  });

  it("gives TTFT's dash its reason: not recorded by the source, or no streaming request (issue 24 item 7)", () => {
    expect(ttftWords(null, true)).toEqual({
      value: 'none',
      reason: 'TTFT: no streaming requests in the range',
    });
    expect(ttftWords(null, false)).toEqual({ value: 'n/a', reason: 'TTFT: not recorded by this source' });
  });

  it("puts the successful requests' latency beside every request's, in the card and per bucket (issue 24 item 7)", () => {
    const figures = (requests: number, p50Ms: number | null, p95Ms: number | null) =>
      ({ requests, failed: 0, errorRate: 0, p50Ms, p95Ms }) as unknown as Traffic['summary'];
    // In an incident fast-failed 429s pull the p50 of every request down; the successful ones' stays.
    expect(latencyWords(figures(100, 40, 7340), figures(60, 2510, 7600))).toEqual({
      value: '40 ms / 7.34 s',
      ok: 'OK: 2.51 s / 7.60 s',
      okTitle: 'Successful requests only: p50 2.51 s, p95 7.60 s',
    });
    expect(latencyWords(figures(100, 40, 90), figures(0, null, null)).ok).toBe('OK: none');
    expect(latencyWords(figures(100, 40, 90), null).ok).toBe('OK: …');
    const point = (bucket: string, p50Ms: number | null) =>
      ({
        bucket,
        requests: 1,
        failed: 0,
        errorRate: 0,
        p50Ms,
        p95Ms: null,
        p99Ms: null,
      }) as unknown as Traffic['series'][number];
    const rows = seriesRows([point('b1', 40), point('b2', 50)], [point('b1', 2500)]);
    expect(rows.map((r) => [r.p50, r.p50ok])).toEqual([
      [40, 2500],
      [50, null],
    ]);
  });
});
