import { describe, expect, it } from 'vitest';
import { Filters } from '../../../../shared/filters.ts';
import { resolveQuery } from '../../query/resolve-query.ts';
import { FLUSH_ROW, PatternRowCells } from './pattern-row-cells.ts';

const FROM = Date.UTC(2026, 2, 10, 0);
const TO = Date.UTC(2026, 2, 10, 6);
const query = resolveQuery(
  Filters.parse({
    timeRange: { kind: 'absolute', from: new Date(FROM).toISOString(), to: new Date(TO).toISOString() },
  }),
  TO,
);

/** An error row as patternRowSelects writes it: `minute` after FROM, its bucket number in `b`. */
function row(minute: number, id: string, fields: Record<string, string | null> = {}) {
  const ms = FROM + minute * 60_000;
  return {
    rn: null,
    request_id: id,
    time: new Date(ms).toISOString(),
    model: 'gpt-4o',
    key_alias: 'k',
    error_type: 'RateLimitError',
    status_code: '429',
    error_message: 'Rate limit reached',
    dim: null,
    v: null,
    b: Math.floor(ms / 1000 / query.bucketSeconds),
    n: null,
    ...fields,
  };
}

describe('PatternRowCells', () => {
  it('keys rows into cells in the order of their newest error, as they arrive', () => {
    const cells = new PatternRowCells(query, 100);
    // Newest first, as the SQL sends them; two cells interleaved, a flush row and a series row.
    cells.add(row(300, 'r5'));
    cells.add({ ...row(0, 'x'), dim: FLUSH_ROW, error_message: ' '.repeat(100) });
    cells.add(row(290, 'r4', { model: 'claude' }));
    cells.add(row(120, 'r3'));
    cells.add(row(119, 'r2'));
    cells.add(row(10, 'r1', { model: 'claude' }));
    cells.add({
      ...row(0, 'x'),
      rn: 1,
      dim: 'model',
      v: 'gpt-4o',
      b: FROM / 1000 / query.bucketSeconds,
      n: 3,
    });
    const result = cells.result()!;
    expect(cells.errors).toBe(5);
    expect(result.cells.map((c) => [c.example.requestId, c.example.model, c.count])).toEqual([
      ['r5', 'gpt-4o', 3],
      ['r4', 'claude', 2],
    ]);
    const [gpt] = result.cells;
    expect(gpt!.firstSeen).toBe(new Date(FROM + 119 * 60_000).toISOString());
    expect(gpt!.lastSeen).toBe(new Date(FROM + 300 * 60_000).toISOString());
    // [index on the grid (FROM is its first bucket's start), errors], newest first.
    const at = (minute: number) => Math.floor((minute * 60) / query.bucketSeconds);
    expect(at(120)).not.toBe(at(119));
    expect(gpt!.buckets).toEqual([
      [at(300), 1],
      [at(120), 1],
      [at(119), 1],
    ]);
    expect(result.series).toEqual([
      expect.objectContaining({ dimension: 'model', value: 'gpt-4o', total: 3 }),
    ]);
  });

  it('keeps null apart from every text in each field', () => {
    const cells = new PatternRowCells(query, 100);
    cells.add(row(5, 'a', { error_message: null }));
    cells.add(row(4, 'b', { error_message: '' }));
    cells.add(row(3, 'c', { error_message: '-' }));
    cells.add(row(2, 'd', { model: null }));
    cells.add(row(1, 'e', { model: '\u0001' }));
    cells.add(row(0, 'f', { key_alias: null, status_code: null }));
    expect(cells.result()!.cells.map((c) => c.example.requestId)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('keeps a value in one field apart from the same value in another', () => {
    const cells = new PatternRowCells(query, 100);
    cells.add(row(5, 'a', { model: 'x', key_alias: 'y' }));
    cells.add(row(4, 'b', { model: 'y', key_alias: 'x' }));
    cells.add(row(3, 'c', { error_type: '429', status_code: 'RateLimitError' }));
    cells.add(row(2, 'd', { key_alias: 'RateLimitError', error_type: 'k' }));
    cells.add(row(1, 'e', { model: 'x', key_alias: 'y' }));
    expect(cells.result()!.cells.map((c) => [c.example.requestId, c.count])).toEqual([
      ['a', 2],
      ['b', 1],
      ['c', 1],
      ['d', 1],
    ]);
  });

  it('refuses a limit its numeric cell keys cannot hold exactly', () => {
    expect(() => new PatternRowCells(query, 2 ** 26)).toThrow(/limit must be below 67108864, got 67108864/);
    expect(() => new PatternRowCells(query, Number.NaN)).toThrow(/limit/);
  });

  it('gives no cells when the rows do not come newest first, or past the limit', () => {
    const unordered = new PatternRowCells(query, 100);
    unordered.add(row(1, 'a'));
    unordered.add(row(2, 'b'));
    expect(unordered.result()).toBeNull();

    const atLimit = new PatternRowCells(query, 2);
    atLimit.add(row(2, 'a'));
    atLimit.add(row(1, 'b'));
    expect(atLimit.overLimit).toBe(false);
    expect(atLimit.result()!.cells[0]!.count).toBe(2);
    atLimit.add(row(0, 'c'));
    expect(atLimit.overLimit).toBe(true);
    expect(atLimit.errors).toBe(3);
    expect(atLimit.result()).toBeNull();
  });
});
