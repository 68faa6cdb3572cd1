import { describe, expect, it } from 'vitest';
import { Filters } from '../../shared/filters.ts';
import type { ErrorRow } from '../../shared/investigation.ts';
import { relatedFilters } from './related-requests.ts';

const row: ErrorRow = {
  requestId: 'r1',
  time: '2026-03-10T10:30:00.000Z',
  model: 'gpt-4o',
  deployment: 'azure/gpt-4o-eu',
  keyAlias: 'support-bot',
  teamAlias: null,
  statusCode: '429',
  errorType: 'RateLimitError',
  errorMessage: 'x',
  provider: null,
  apiBase: null,
  durationMs: 10,
  totalTokens: null,
  sources: ['spend_logs'],
};
const current = Filters.parse({
  timeRange: { kind: 'relative', last: '7d' },
  models: ['claude'],
  exclude: { keyAliases: ['batch'] },
  text: 'quota',
  limit: 1000,
});

describe('relatedFilters', () => {
  it('filters by the one value, clearing the others but keeping the range and the row limit', () => {
    expect(relatedFilters(current, row, 'key', null)).toEqual({
      ...Filters.parse({ timeRange: current.timeRange, limit: 1000 }),
      keyAliases: ['support-bot'],
    });
    expect(relatedFilters(current, row, 'deployment', null)?.models).toEqual(['azure/gpt-4o-eu']);
    const bySession = relatedFilters(current, row, 'session', 's-9')!;
    expect(bySession.sessionIds).toEqual(['s-9']);
    expect(bySession.exclude.keyAliases).toEqual([]);
    expect(bySession.text).toBeUndefined();
  });

  it('±5 minutes is an absolute window around the error', () => {
    expect(relatedFilters(current, row, 'around', null)?.timeRange).toEqual({
      kind: 'absolute',
      from: '2026-03-10T10:25:00.000Z',
      to: '2026-03-10T10:35:00.000Z',
    });
  });

  it('offers nothing for a value the error lacks', () => {
    expect(relatedFilters(current, { ...row, keyAlias: null }, 'key', null)).toBeNull();
    expect(relatedFilters(current, row, 'session', null)).toBeNull();
  });
});
