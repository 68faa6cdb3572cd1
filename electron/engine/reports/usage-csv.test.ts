import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Traffic } from '../../../shared/traffic.ts';
import { usageCsv } from './usage-csv.ts';

/** Issue 24 item 12: the usage CSV carried floats such as 0.11428571428571428 and 0.00012340000000000001. */
describe('usage_HHMMSS.csv', () => {
  it('rounds rates to 4 decimals, milliseconds to whole ones and spend to 6 decimals', () => {
    const figures = {
      requests: 35,
      failed: 4,
      errorRate: 4 / 35,
      p95Ms: 1234.5678,
      totalTokens: 900,
      spend: 0.1 + 0.2,
      spendEstimated: false,
    };
    const before = {
      ...figures,
      requests: 3,
      failed: 1,
      errorRate: 1 / 3,
      p95Ms: 99.5,
      spend: 0.0001234 + 1e-20,
    };
    const t = {
      summary: figures,
      previous: before,
      byModel: [{ model: 'gpt-4o', ...figures, previous: before }],
      byDeployment: [],
      byKeyAlias: [],
      byTeam: [],
      byEndUser: [],
    } as unknown as Traffic;
    const rows = parse(usageCsv(t, 'model'), { columns: true }) as Record<string, string>[];
    expect(
      rows.map((r) => [
        r.error_rate,
        r.p95_ms,
        r.spend,
        r.previous_error_rate,
        r.previous_p95_ms,
        r.previous_spend,
      ]),
    ).toEqual([
      ['0.1143', '1235', '0.3', '0.3333', '100', '0.000123'],
      ['0.1143', '1235', '0.3', '0.3333', '100', '0.000123'],
    ]);
  });
});
