import { describe, expect, it } from 'vitest';
import { topN } from '../../../shared/chart-shaping.ts';
import { missingValueLabel } from '../../../shared/filters.ts';
import type { Traffic } from '../../../shared/traffic.ts';
import { usageRows } from '../../../renderer/lib/traffic-shaping.ts';
import { formatInvestigation } from '../../cli/print.ts';
import { dimensionLabel } from './dimension-label.ts';
import { breakdownOf } from './usage-csv.ts';

/** Issue 24 item 6: one name for "no key alias" on the chart, traffic, the report and the CLI. */
describe('the missing key alias has one name everywhere', () => {
  const NAME = missingValueLabel('keyAliases');
  const figures = {
    requests: 10,
    failed: 2,
    errorRate: 0.2,
    p95Ms: null,
    totalTokens: 0,
    spend: 0,
    spendEstimated: false,
    previous: null,
  };
  const traffic = {
    byModel: [],
    byDeployment: [],
    byKeyAlias: [{ keyAlias: null, ...figures }],
    byTeam: [],
    byEndUser: [],
  } as unknown as Traffic;

  it('is "(no key alias)"', () => {
    expect(NAME).toBe('(no key alias)');
    expect(usageRows(traffic, 'keyAlias')[0]).toMatchObject({
      label: NAME,
      pick: { field: 'keyAliases', value: '' },
    });
    expect(breakdownOf(traffic, 'key').rows[0]!.name).toBe(NAME);
    expect(dimensionLabel('keyAlias', null)).toBe(NAME);
    expect(topN([{ label: null, count: 3 }], 5, 3)[0]!.label).toBe(NAME);
  });

  it('in the CLI text too', () => {
    const text = formatInvestigation(
      {
        total: 3,
        byModel: [],
        byErrorType: [],
        byKeyAlias: [{ keyAlias: null, count: 3 }],
        timeline: [],
        errors: [],
        notes: [],
        query: { from: '2026-03-10T10:00:00.000Z', to: '2026-03-10T12:00:00.000Z', bucketSeconds: 900 },
        source: 'demo',
      } as never,
      120,
    );
    expect(text).toContain(NAME);
  });
});
