import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CopyCsvReader, type PsqlRow } from './copy-csv.ts';

const MARKER = '__logdesk_end_0123456789abcdef01234567__';

/** What PostgreSQL's COPY … (FORMAT csv, HEADER true, FORCE_QUOTE *) writes for these rows. */
const quote = (v: string) => `"${v.replaceAll('"', '""')}"`;
// Header names are quoted only where they must be (FORCE_QUOTE applies to values).
const headerName = (name: string) =>
  /[",\n\r]/.test(name) || name === '' || name === '\\.' ? quote(name) : name;
const copyCsv = (columns: string[], rows: (string | null)[][]) =>
  [
    columns.map(headerName).join(','),
    ...rows.map((r) => r.map((v) => (v === null ? '' : quote(v))).join(',')),
  ]
    .map((line) => `${line}\n`)
    .join('');

/** The parser psql's output went through before, with the session's options: the reference. */
const csvParse = (text: string) =>
  parse(text, {
    columns: true,
    cast: (v, ctx) => (ctx.header || ctx.quoting ? v : v === '' ? null : v),
  }) as PsqlRow[];

const piece = fc.constantFrom(
  '"',
  '""',
  ',',
  '\n',
  '\r',
  '\r\n',
  '\\',
  '\\.',
  '\\N',
  'NULL',
  MARKER,
  `\n${MARKER}\n`,
  `${MARKER}\r`,
  '_',
  'é',
  '漢字',
  '🚀',
  '\u202e',
  ' ',
  '\t',
  'a',
);
const nulFree = (s: string) => s.replaceAll('\0', '');
const value = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 6, arbitrary: fc.array(piece, { maxLength: 10 }).map((a) => a.join('')) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(nulFree) },
  // Long enough to span many chunks, with quotes and line breaks inside.
  { weight: 1, arbitrary: fc.tuple(piece, fc.integer({ min: 1, max: 20_000 })).map(([p, n]) => p.repeat(n)) },
);
const columnName = fc.oneof(
  fc.constantFrom(
    'request_id',
    'a b',
    '"q"',
    'x,y',
    'line\nbreak',
    'cr\rx',
    '_under',
    `${MARKER}x`,
    '',
    '\\.',
    'é',
  ),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }).map(nulFree),
);
const table = fc
  .uniqueArray(columnName, { minLength: 1, maxLength: 5 })
  // A lone column named exactly like the marker would print as the marker line; the marker is random per session.
  .filter((columns) => !(columns.length === 1 && columns[0] === MARKER))
  .chain((columns) =>
    fc.record({
      columns: fc.constant(columns),
      rows: fc.array(fc.array(value, { minLength: columns.length, maxLength: columns.length }), {
        maxLength: 12,
      }),
    }),
  );
/** A session's statements in order: tables for COPY, null for BEGIN/SET (no output but the marker). */
const statements = fc.array(fc.option(table, { freq: 4 }), { minLength: 1, maxLength: 4 });
const chunkSizes = fc.array(fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 70_000 })), {
  minLength: 1,
  maxLength: 20,
});

/** Feeds `bytes` in chunks of the given sizes (cycled): splits fall anywhere, inside UTF-8 sequences too. */
function feedInChunks(reader: CopyCsvReader, bytes: Buffer, sizes: number[]) {
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length]!;
    reader.write(bytes.subarray(at, at + size));
    at += size;
  }
}

/** Runs the statements through one reader as a session does: the next is expected once the previous ended. */
function readSession(output: Buffer, expected: (unknown | null)[], sizes: number[]) {
  const reader = new CopyCsvReader(MARKER);
  const results: PsqlRow[][] = [];
  const expectNext = () => {
    if (results.length === expected.length) return;
    const rows: PsqlRow[] = [];
    reader.expect({
      withRows: expected[results.length] !== null,
      onRow: (row) => void rows.push(row),
      onEnd: () => {
        results.push(rows);
        expectNext();
      },
    });
  };
  expectNext();
  feedInChunks(reader, output, sizes);
  return results;
}

const rowsAsObjects = (columns: string[], rows: (string | null)[][]) =>
  rows.map((r) => Object.fromEntries(columns.map((c, k) => [c, r[k]!])));

describe("CopyCsvReader reads psql's COPY CSV exactly", () => {
  it('gives the values fed in, and what csv-parse gives, for hostile rows split into random chunks', () => {
    fc.assert(
      fc.property(statements, chunkSizes, (stmts, sizes) => {
        const output = stmts.map((t) => `${t ? copyCsv(t.columns, t.rows) : ''}${MARKER}\n`).join('');
        const results = readSession(Buffer.from(output, 'utf8'), stmts, sizes);
        expect(results).toHaveLength(stmts.length);
        stmts.forEach((t, k) => {
          if (!t) return expect(results[k]).toEqual([]);
          const expected = rowsAsObjects(t.columns, t.rows);
          expect(results[k]).toEqual(expected);
          expect(csvParse(copyCsv(t.columns, t.rows))).toEqual(expected);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('ends a statement only at the marker alone on a line outside quotes (LF or CRLF)', () => {
    const text = [
      'v',
      `"${MARKER}"`,
      `"a\n${MARKER}\nb"`,
      `"${MARKER}\r"`,
      `${MARKER}\r`,
      'w',
      `"after"`,
      `${MARKER}`,
      '',
    ].join('\n');
    expect(readSession(Buffer.from(text), [{}, {}], [3])).toEqual([
      [{ v: MARKER }, { v: `a\n${MARKER}\nb` }, { v: `${MARKER}\r` }],
      [{ w: 'after' }],
    ]);
  });

  it('drops what a statement without rows prints, and output while nothing is pending', () => {
    const reader = new CopyCsvReader(MARKER);
    reader.write('stray line\n');
    const ended: string[] = [];
    reader.expect({ withRows: false, onRow: () => ended.push('row'), onEnd: () => ended.push('end') });
    reader.write(`SET\n"x",y\n${MARKER.slice(0, 5)}`);
    reader.write(`${MARKER.slice(5)}\n`);
    expect(ended).toEqual(['end']);
  });

  it.each([
    ['a quote inside an unquoted value', 'a,b\nx"y,"z"\n', /a quote inside an unquoted value in a row/],
    ['text after a closing quote', 'a\n"x"y\n', /unexpected "y" after a quoted value in a row/],
    ['a bare carriage return', 'a\n"x"\rz\n', /a carriage return outside quotes in a row/],
    ['a short row', 'a,b\n"x"\n', /a row of 1 values under a header of 2 columns/],
  ])('names what is wrong in output that is not COPY CSV: %s', (_name, text, message) => {
    const reader = new CopyCsvReader(MARKER);
    reader.expect({ withRows: true, onRow: () => undefined, onEnd: () => undefined });
    expect(() => reader.write(text)).toThrow(message);
  });
});
