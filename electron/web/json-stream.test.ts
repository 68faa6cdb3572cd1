import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks, writeJson } from './json-stream.ts';

/** Every value walked (0), runs of a few items, or the defaults. */
const WAYS = [{ smallNodes: 0, runNodes: 0 }, { smallNodes: 0, runNodes: 8 }, {}];
const joined = (value: unknown, options: object = WAYS[0]!) =>
  [...jsonChunks(value, { chunkChars: 1, ...options })].join('');

/** Strings a database may hold and a page must survive: controls, unicode, lone surrogates, markup. */
const nasty = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '</script><script>alert(1)</script>',
    '\u0000\u001b[31m\u007f',
    '\u2028\u2029',
    '😀 Zürich',
    '\ud800',
    '"\\',
  ),
);

describe('jsonChunks', () => {
  it('joins to exactly what JSON.stringify writes, for any value, walked or not', () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true,
      withObjectString: true,
      stringUnit: 'binary',
      maxDepth: 4,
    });
    fc.assert(
      fc.property(
        fc.oneof(anything, fc.dictionary(nasty, fc.array(fc.record({ m: nasty, n: fc.double() })))),
        (value) => {
          let expected: string | undefined;
          try {
            expected = JSON.stringify(value);
          } catch {
            return; // what JSON.stringify refuses (bigints) is checked below
          }
          for (const way of WAYS) expect(joined(value, way) || undefined).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('calls toJSON with its key, once, as JSON.stringify does', () => {
    const keys: string[] = [];
    const spy = { toJSON: (key: string) => (keys.push(key), { again: { toJSON: () => 'inner' } }) };
    const twice = { toJSON: () => ({ toJSON: () => 'never called' }) };
    const value = {
      a: spy,
      list: [spy, new Date(0), undefined, () => 1, Symbol('s')],
      skip: undefined,
      twice,
    };
    expect(joined(value)).toBe(JSON.stringify(value));
    expect(keys).toEqual(['a', '0', 'a', '0']);
  });

  it('throws where JSON.stringify throws: a cycle, a bigint', () => {
    const cycle: Record<string, unknown> = { rows: [] };
    (cycle.rows as unknown[]).push(cycle);
    expect(() => joined(cycle)).toThrow(/circular/);
    expect(() => joined({ n: [1n] })).toThrow(TypeError);
  });

  it('writes a large result in chunks, none of them the whole text', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ id: `r${i}`, message: 'x'.repeat(100), n: i }));
    const chunks = [...jsonChunks({ ok: true, result: { errors: rows } })];
    expect(chunks.length).toBeGreaterThan(20);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(128 * 1024);
    expect(chunks.join('')).toBe(JSON.stringify({ ok: true, result: { errors: rows } }));
  });
});

describe('writeJson', () => {
  it('waits for drain on a full stream and stops when the peer goes away', async () => {
    const rows = Array.from({ length: 5_000 }, (_, i) => ({ id: i, message: 'é'.repeat(200) }));
    const full = new PassThrough({ highWaterMark: 1024 });
    const received: Buffer[] = [];
    const done = writeJson(full, rows, 'data: ', '\n\n');
    full.on('data', (d: Buffer) => received.push(d));
    expect(await done).toBe(true);
    expect(Buffer.concat(received).toString('utf8')).toBe(`data: ${JSON.stringify(rows)}\n\n`);

    const gone = new PassThrough({ highWaterMark: 1024 });
    const stopped = writeJson(gone, rows);
    gone.destroy();
    expect(await stopped).toBe(false);
  });
});
