import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import type { SourceMapping } from '../../../shared/source-mapping.ts';
import { TrafficFilters } from '../../../shared/traffic.ts';
import type { Database, SqlParam } from '../db/database.ts';
import { SqliteDatabase } from '../db/sqlite-database.ts';
import { DEFAULT_PRICES } from '../llm/price-table.ts';
import { MappedSource } from './mapped/mapped-source.ts';
import { observedDatabase } from '../../test-support/observed-database.ts';

/**
 * A time-sorted page is first looked for in a slice near its start (mapped/page.ts): the slice's start
 * comes from the column's largest (smallest) text, which mixed spellings make differ from the newest
 * (oldest) instant, and its edge rounds microseconds. Every page must still be the whole range's.
 */
const NOW = Date.parse('2026-12-06T12:00:00.000Z');
const RANGE = { from: '2026-11-20T08:00:00.000Z', to: '2026-11-20T14:00:00.000Z' };

/** id, time text, the instant SQLite reads (ms, rounded), or null when outside the range. */
const ROWS: [string, string, string | null][] = [
  // The largest text (a 'T' sorts after a space) but not the newest instant: the slice starts an hour
  // before 13:35:00.002, at 12:35:00.002.
  ['late', '2026-11-20T08:35:00-05:00', '2026-11-20T13:35:00.000Z'],
  ['a-newest', '2026-11-20 13:59:59.000', '2026-11-20T13:59:59.000Z'],
  ...Array.from({ length: 30 }, (_, i): [string, string, string] => {
    const mm = String(i).padStart(2, '0');
    return [`f${mm}`, `2026-11-20 13:${mm}:30`, `2026-11-20T13:${mm}:30.000Z`];
  }),
  // At the slice's start: `c` rounds up to it but its text sorts before the slice, and its key comes first.
  ['b1', '2026-11-20 12:35:00.002', '2026-11-20T12:35:00.002Z'],
  ['b2', '2026-11-20 12:35:00.002', '2026-11-20T12:35:00.002Z'],
  ['c', '2026-11-20 12:35:00.001500', '2026-11-20T12:35:00.002Z'],
  ['d-older', '2026-11-20 12:34:59.999', '2026-11-20T12:34:59.999Z'],
  // The oldest instants: spelled with an offset or a 'T', both sort after the smallest text (08:20),
  // which starts the oldest-first slice.
  ['first-offset', '2026-11-20 09:01:00+01:00', '2026-11-20T08:01:00.000Z'],
  ['early-iso', '2026-11-20T08:10:00Z', '2026-11-20T08:10:00.000Z'],
  ...[20, 30, 40, 50].map((m): [string, string, string] => [
    `m-${m}`,
    `2026-11-20 08:${m}:00`,
    `2026-11-20T08:${m}:00.000Z`,
  ]),
  ['nine', '2026-11-20 09:00:00', '2026-11-20T09:00:00.000Z'],
  // At the oldest-first slice's end (08:19:59.998 + 1 h): the two `q`s round up to it and sort before
  // it as text, `a-out` is at it; oldest first, `a-out`'s key comes first.
  ['q-in1', '2026-11-20 09:19:59.997600', '2026-11-20T09:19:59.998Z'],
  ['q-in2', '2026-11-20 09:19:59.997600', '2026-11-20T09:19:59.998Z'],
  ['a-out', '2026-11-20 09:19:59.998', '2026-11-20T09:19:59.998Z'],
  ['nine-iso', '2026-11-20T08:00:00-01:00', '2026-11-20T09:00:00.000Z'],
  ['outside', '2026-11-20 14:00:00', null],
];

const MAPPING: SourceMapping = {
  table: 'calls',
  columns: { time: 'at', requestId: 'id', model: 'model', errorMessage: 'error' },
  success: { kind: 'boolean', column: 'ok' },
};

/** The whole range's order, from the instants above: time, then the row key. */
function expected(direction: 'asc' | 'desc'): string[] {
  const inside = ROWS.filter((r): r is [string, string, string] => r[2] !== null).map(([id, , t]) => ({
    id,
    t: Date.parse(t),
  }));
  inside.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : 1));
  return (direction === 'asc' ? inside : inside.reverse()).map((r) => r.id);
}

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-time-pages-'));
  file = join(dir, 'calls.db');
  const values = ROWS.map(([id, at]) => `('${id}', '${at}', 'gpt-4o', 0, 'failed ${id}')`).join(', ');
  execFileSync('sqlite3', [file], {
    input: `CREATE TABLE calls (id text, at datetime, model text, ok bool, error text); CREATE INDEX ix_at ON calls (at); INSERT INTO calls VALUES ${values};`,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The database, noting the reads (statements with `marker`) that sorted the whole range (both of its ends as bounds). */
function watched(inner: Database, marker: string, wholeRangePasses: { count: number }): Database {
  const whole = (params: readonly SqlParam[]) =>
    params.includes('2026-11-20 08:00:00') && params.includes('2026-11-20 14:00:00');
  return observedDatabase(inner, (text, params) => {
    if (text.includes(marker) && whole(params)) wholeRangePasses.count++;
  });
}

describe('time-sorted pages of a mapped SQLite table', () => {
  it.each(['desc', 'asc'] as const)(
    '%s: every page size walks the whole range in its order',
    async (direction) => {
      const passes = { count: 0 };
      const db = new MappedSource(
        watched(new SqliteDatabase(file), 'SELECT sort_value, row_key, t_ms', passes),
        MAPPING,
      );
      const filters = TrafficFilters.parse({ timeRange: { kind: 'absolute', ...RANGE } });
      const options = { now: NOW, prices: DEFAULT_PRICES };
      try {
        for (const limit of [1, 2, 5, 8, 9, 32, 33, 34, 40]) {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const before = passes.count;
            const page = await db.trafficRequests(
              filters,
              { sort: 'time', direction, cursor, limit },
              options,
            );
            // A first page of 5 is read from a slice (else this test would not test the slices).
            if (limit === 5 && !cursor) expect(passes.count).toBe(before);
            seen.push(...page.requests.map((r) => r.requestId));
            cursor = page.nextCursor;
          } while (cursor);
          expect({ limit, seen }).toEqual({ limit, seen: expected(direction) });
        }
      } finally {
        await db.close();
      }
    },
  );

  it('the investigation lists the newest failures of the whole range, from a slice when one holds them', async () => {
    const passes = { count: 0 };
    const db = new MappedSource(
      watched(new SqliteDatabase(file), 'ORDER BY t_ms DESC, request_id DESC', passes),
      MAPPING,
    );
    try {
      for (const limit of [1, 5, 32, 33, 34, 40, 100]) {
        const before = passes.count;
        const result = await db.investigate(
          Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit }),
          { now: NOW },
        );
        expect({ limit, ids: result.errors.map((e) => e.requestId) }).toEqual({
          limit,
          ids: expected('desc').slice(0, limit),
        });
        if (limit === 5) expect(passes.count).toBe(before);
      }
    } finally {
      await db.close();
    }
  });
});
