import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import type { SourceMapping } from '../../../shared/source-mapping.ts';
import { TrafficFilters } from '../../../shared/traffic.ts';
import { SqliteDatabase } from '../db/sqlite-database.ts';
import { DEFAULT_PRICES } from '../llm/price-table.ts';
import { MappedSource } from './mapped/mapped-source.ts';

/** The engine's clock in these tests: after every range they read (absolute ranges do not depend on it). */
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

/** Time text as apps write it into SQLite: Django's space form, ISO with 'T', with and without 'Z' or an offset. */
const ROWS: [string, string, boolean][] = [
  ['space', '2026-11-20 08:30:00.000000', true],
  ['space-at-start', '2026-11-20 08:00:00', true],
  ['space-last-micro', '2026-11-20 13:59:59.999999', true],
  ['space-at-end', '2026-11-20 14:00:00', false],
  ['space-ms-last', '2026-11-20 13:59:59.999', true],
  ['space-ms-at-end', '2026-11-20 14:00:00.000', false],
  ['space-2-digits', '2026-11-20 07:59:59.99', false],
  ['space-offset', '2026-11-20 14:30:00+02:00', true], // 12:30Z
  ['t-z', '2026-11-20T08:31:00Z', true],
  ['t-ms-z', '2026-11-20T08:32:00.250Z', true],
  ['t-naive', '2026-11-20T08:33:00', true],
  ['t-plus2', '2026-11-20T10:34:00+02:00', true], // 08:34Z
  ['t-minus5', '2026-11-20T08:35:00-05:00', true], // 13:35Z
  ['before', '2026-11-20T07:59:59.999Z', false],
  ['at-end', '2026-11-20T14:00:00Z', false],
  ['plus-outside', '2026-11-20T09:59:00+02:00', false], // 07:59Z
  ['minus-outside', '2026-11-20T13:30:00-01:00', false], // 14:30Z
  ['next-day', '2026-11-21T01:00:00+12:00', true], // 13:00Z on the 20th
];
const RANGE = { from: '2026-11-20T08:00:00.000Z', to: '2026-11-20T14:00:00.000Z' };
const MAPPING: SourceMapping = {
  table: 'calls',
  columns: { time: 'at', requestId: 'id', model: 'model', errorMessage: 'error' },
  success: { kind: 'boolean', column: 'ok' },
};

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-sqlite-times-'));
  file = join(dir, 'times.db');
  const values = ROWS.map(([id, at]) => `('${id}', '${at}', 'gpt-4o', 0, 'failed ${id}')`).join(', ');
  execFileSync('sqlite3', [file], {
    input: `CREATE TABLE calls (id text, at datetime, model text, ok bool, error text); CREATE INDEX ix_at ON calls (at); INSERT INTO calls VALUES ${values};`,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite time text with T, Z and offsets', () => {
  it('filters the range by the instant, whatever the spelling, and reports UTC times', async () => {
    const db = new MappedSource(new SqliteDatabase(file), MAPPING);
    try {
      const result = await db.investigate(
        Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit: 100 }),
        { now: NOW },
      );
      const inside = ROWS.filter(([, , inRange]) => inRange).map(([id]) => id);
      expect(result.errors.map((e) => e.requestId).sort()).toEqual([...inside].sort());
      const times = Object.fromEntries(result.errors.map((e) => [e.requestId, e.time]));
      expect(times).toMatchObject({
        't-plus2': '2026-11-20T08:34:00.000Z',
        't-minus5': '2026-11-20T13:35:00.000Z',
        't-ms-z': '2026-11-20T08:32:00.250Z',
        'next-day': '2026-11-20T13:00:00.000Z',
      });
      const usage = await db.traffic(TrafficFilters.parse({ timeRange: { kind: 'absolute', ...RANGE } }), {
        now: NOW,
        prices: DEFAULT_PRICES,
        granularity: 'hour',
      });
      expect(usage.summary.requests).toBe(inside.length);
      expect(usage.series.find((p) => p.bucket === '2026-11-20T13:00:00.000Z')!.requests).toBe(4);
      // Without a granularity, the Errors timeline's buckets (issue 24 item 7).
      const auto = await db.traffic(TrafficFilters.parse({ timeRange: { kind: 'absolute', ...RANGE } }), {
        now: NOW,
        prices: DEFAULT_PRICES,
      });
      expect(auto.series.map((p) => [p.bucket, p.failed])).toEqual(
        result.timeline.map((p) => [p.bucket, p.count]),
      );
    } finally {
      await db.close();
    }
  });
});

describe('SQLite ranges that end at the end of the calendar', () => {
  it('counts the same errors for a range ending on 9999-12-29, 9999-12-30 or 9999-12-31 (the padded day bound must not overflow to year 10000)', async () => {
    const db = new MappedSource(new SqliteDatabase(file), MAPPING);
    try {
      const inside = ROWS.length; // every row fails, all in 2026
      for (const to of [
        '9999-12-29T00:00:00.000Z',
        '9999-12-30T00:00:00.000Z',
        '9999-12-31T00:00:00.000Z',
        '9999-12-31T23:59:59.999Z',
      ]) {
        const result = await db.investigate(
          Filters.parse({
            timeRange: { kind: 'absolute', from: '0001-01-01T00:00:00.000Z', to },
            limit: 100,
          }),
          { now: NOW },
        );
        expect({ to, total: result.total }).toEqual({ to, total: inside });
      }
    } finally {
      await db.close();
    }
  });
});
