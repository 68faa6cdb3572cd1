import { describe, expect, it } from 'vitest';
import type { Insights, Spike } from '../../../shared/analysis.ts';
import type { Investigation } from '../../../shared/investigation.ts';
import { offlineSummary } from './offline-summary.ts';

const query = {
  from: '2026-03-10T00:00:00.000Z',
  to: '2026-03-11T00:00:00.000Z',
  bucketSeconds: 900,
  keyAliases: [],
  models: [],
  errorTypes: [],
  statusCodes: [],
  teamAliases: [],
  text: null,
  limit: 100,
};
const investigation: Investigation = {
  query,
  total: 1_194,
  byModel: [{ model: 'gpt-4o', count: 1_194 }],
  byErrorType: [{ errorType: 'RateLimitError', count: 1_194 }],
  byKeyAlias: [{ keyAlias: null, count: 1_194 }],
  timeline: [],
  timelineByModel: [],
  errors: [],
  notes: [],
};
const context = { models: [], deployments: [], keyAliases: [], errorTypes: [] };
const spike: Spike = {
  dimension: 'keyAlias',
  value: null,
  from: '2026-03-10T07:15:00.000Z',
  to: '2026-03-10T08:45:00.000Z',
  count: 1_100,
  peakBucket: '2026-03-10T07:30:00.000Z',
  peak: 200,
  baseline: 0,
  excess: 1_100,
  score: 40,
  context,
  together: [],
  summary:
    'key alias (no key alias): 1,100 errors 2026-03-10 07:15–08:45 UTC (from about 0 to 183 per 15 min)',
};
const insights: Insights = {
  investigationId: 'i',
  total: 1_194,
  newestRequestId: null,
  bucketSeconds: 900,
  buckets: [],
  patterns: [],
  patternCount: 0,
  spikes: [spike],
  series: [],
  before: null,
};

describe('offline summary wording (issue 12 fix 14)', () => {
  it('writes words and formatted times, never field names, raw ISO times or unseparated thousands', () => {
    const text = offlineSummary(investigation, insights);
    expect(text).not.toMatch(/keyAlias|\(none\)/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    expect(text).not.toMatch(/\b1194\b/);
    expect(text).toContain('1,194 errors');
    expect(text).toContain('(no key alias)');
    expect(text).toContain('2026-03-10 07:15–08:45 UTC');
  });
});
