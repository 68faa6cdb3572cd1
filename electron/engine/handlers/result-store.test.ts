import { describe, expect, it } from 'vitest';
import type { InvestigationResult } from '../../../shared/contract/investigation.ts';
import type { ErrorRow } from '../../../shared/investigation.ts';
import { approximateBytes, ResultStore } from './result-store.ts';

const row = (i: number): ErrorRow => ({
  requestId: `chatcmpl-${i}`.padEnd(41, 'x'),
  time: '2026-03-10T10:00:00.000Z',
  model: 'gpt-4o',
  deployment: 'azure/gpt-4o-eu',
  keyAlias: 'support-bot',
  teamAlias: null,
  statusCode: '429',
  errorType: 'RateLimitError',
  errorMessage: 'litellm.RateLimitError: '.padEnd(400, 'm'),
  provider: 'azure',
  apiBase: null,
  durationMs: 12,
  totalTokens: null,
  sources: ['spend_logs'],
});

const result = (id: string, rows: number): InvestigationResult => ({
  id,
  source: 'test',
  query: {
    from: '',
    to: '',
    bucketSeconds: 60,
    keyAliases: [],
    models: [],
    errorTypes: [],
    statusCodes: [],
    teamAliases: [],
    text: null,
    limit: rows,
  },
  total: rows,
  byModel: [],
  byErrorType: [],
  byKeyAlias: [],
  timeline: [],
  timelineByModel: [],
  errors: Array.from({ length: rows }, (_, i) => row(i)),
  notes: [],
});

describe('ResultStore', () => {
  it('estimates a result by its rows: 100,000 rows of this size weigh well over 100 MB', () => {
    expect(approximateBytes(result('a', 100_000))).toBeGreaterThan(100 * 2 ** 20);
    expect(approximateBytes(result('b', 10))).toBeLessThan(64 * 2 ** 10);
  });

  it('keeps results within its byte budget, oldest out first, the newest always', () => {
    const big = approximateBytes(result('x', 1_000));
    const store = new ResultStore(Math.floor(big * 2.5));
    for (const id of ['r1', 'r2', 'r3', 'r4']) store.add(result(id, 1_000), { kind: 'demo' });
    expect(() => store.get('r1')).toThrow(/No investigation with id "r1".*MB/);
    expect(() => store.get('r2')).toThrow(/r2/);
    expect(store.get('r3').id).toBe('r3');
    expect(store.get('r4').id).toBe('r4');
    expect(store.sourceOf('r1')).toBeUndefined();
    expect(store.heldBytes).toBeLessThanOrEqual(big * 2.5);
    // One result larger than the whole budget still stays: the view showing it needs it.
    store.add(result('huge', 10_000));
    expect(store.get('huge').errors).toHaveLength(10_000);
    expect(() => store.get('r4')).toThrow(/r4/);
  });

  it('keeps many small results (no count limit)', () => {
    const store = new ResultStore();
    for (let i = 0; i < 50; i++) store.add(result(`s${i}`, 10));
    expect(store.get('s0').id).toBe('s0');
  });

  it('keeps the patterns read with the newest result until its insights take them, once', async () => {
    const store = new ResultStore();
    const stopped: string[] = [];
    const cells = (n: number) => Promise.resolve({ cells: [], series: [], n });
    store.add(result('a', 10));
    store.setPatternCells('a', cells(1), () => stopped.push('a'));
    store.add(result('b', 10));
    store.setPatternCells('b', cells(2), () => stopped.push('b'));
    // Only the newest result's are kept: an older one's insights read for themselves.
    expect(store.takePatternCells('a')).toBeNull();
    expect(await store.takePatternCells('b')).toMatchObject({ n: 2 });
    expect(store.takePatternCells('b')).toBeNull();
    // Never kept for a result the store does not hold.
    store.setPatternCells('unknown', cells(3), () => stopped.push('unknown'));
    expect(store.takePatternCells('unknown')).toBeNull();
    // A replaced read is stopped (it may still run); one taken by its insights is not.
    expect(stopped).toEqual(['a', 'unknown']);
    store.add(result('c', 10));
    store.setPatternCells('c', cells(4), () => stopped.push('c'));
    store.dropPatternCells();
    expect(stopped).toEqual(['a', 'unknown', 'c']);
    expect(store.takePatternCells('c')).toBeNull();
  });

  it('drops the patterns read with a result when the result is evicted', () => {
    const big = approximateBytes(result('x', 1_000));
    const store = new ResultStore(Math.floor(big * 1.5));
    store.add(result('old', 1_000));
    let stopped = false;
    store.setPatternCells('old', Promise.resolve(null), () => (stopped = true));
    store.add(result('new', 1_000));
    expect(() => store.get('old')).toThrow(/old/);
    expect(store.takePatternCells('old')).toBeNull();
    expect(stopped).toBe(true);
  });
});
