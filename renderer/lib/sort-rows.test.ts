import { describe, expect, it } from 'vitest';
import type { ErrorRow } from '../../shared/investigation.ts';
import { nextSort, sortRows } from './sort-rows.ts';

const row = (requestId: string, over: Partial<ErrorRow>): ErrorRow => ({
  requestId,
  time: '2026-03-10T10:00:00.000Z',
  model: null,
  deployment: null,
  keyAlias: null,
  teamAlias: null,
  statusCode: null,
  errorType: 'Unknown',
  errorMessage: null,
  provider: null,
  apiBase: null,
  durationMs: null,
  totalTokens: null,
  sources: ['spend_logs'],
  ...over,
});

const rows = [
  row('a', { time: '2026-03-10T12:00:00.000Z', keyAlias: 'beta', durationMs: 50, statusCode: '500' }),
  row('b', { time: '2026-03-10T11:00:00.000Z', keyAlias: null, durationMs: 900, statusCode: '429' }),
  row('c', { time: '2026-03-10T10:00:00.000Z', keyAlias: 'Alpha', durationMs: 9, statusCode: '429' }),
];
const ids = (r: ErrorRow[]) => r.map((x) => x.requestId);

describe('sortRows', () => {
  it('keeps the engine order for newest first and reverses it for oldest first', () => {
    expect(ids(sortRows(rows, { key: 'time', dir: 'desc' }))).toEqual(['a', 'b', 'c']);
    expect(ids(sortRows(rows, { key: 'time', dir: 'asc' }))).toEqual(['c', 'b', 'a']);
  });

  it('sorts text case-insensitively with missing values last in both directions', () => {
    expect(ids(sortRows(rows, { key: 'keyAlias', dir: 'asc' }))).toEqual(['c', 'a', 'b']);
    expect(ids(sortRows(rows, { key: 'keyAlias', dir: 'desc' }))).toEqual(['a', 'c', 'b']);
  });

  it('sorts numbers as numbers and keeps ties stable', () => {
    expect(ids(sortRows(rows, { key: 'durationMs', dir: 'asc' }))).toEqual(['c', 'a', 'b']);
    expect(ids(sortRows(rows, { key: 'statusCode', dir: 'asc' }))).toEqual(['b', 'c', 'a']);
  });

  // Speed belongs in the bench, not a timed unit test; here the whole order of a large list is checked.
  it('sorts 100,000 rows into one consistent order', () => {
    const many = Array.from({ length: 100_000 }, (_, i) =>
      row(`r${i}`, { keyAlias: `key-${(i * 7919) % 1000}` }),
    );
    const sorted = sortRows(many, { key: 'keyAlias', dir: 'asc' });
    expect(sorted).toHaveLength(100_000);
    expect(sorted[0]!.keyAlias).toBe('key-0');
    const outOfOrder = sorted.findIndex((r, i) => i > 0 && sorted[i - 1]!.keyAlias! > r.keyAlias!);
    expect(outOfOrder).toBe(-1);
  });
});

describe('nextSort', () => {
  it('flips the same column and starts others in their natural direction', () => {
    expect(nextSort({ key: 'time', dir: 'desc' }, 'time')).toEqual({ key: 'time', dir: 'asc' });
    expect(nextSort({ key: 'time', dir: 'desc' }, 'model')).toEqual({ key: 'model', dir: 'asc' });
    expect(nextSort({ key: 'model', dir: 'asc' }, 'durationMs')).toEqual({ key: 'durationMs', dir: 'desc' });
  });
});
