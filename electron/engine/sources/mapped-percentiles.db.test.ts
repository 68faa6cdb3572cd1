import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceMapping } from '../../../shared/source-mapping.ts';
import { TrafficFilters } from '../../../shared/traffic.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { SqliteDatabase } from '../db/sqlite-database.ts';
import { DEFAULT_PRICES } from '../llm/price-table.ts';
import { destroyPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../test-support/shared-postgres.ts';
import { MappedSource } from './mapped/mapped-source.ts';

/** The engine's clock in these tests: after every range they read (absolute ranges do not depend on it). */
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

let pg: TestPostgres;
let dir: string;
beforeAll(async () => {
  pg = sharedTestPostgres();
  await pg.createDatabase('pct');
  dir = mkdtempSync(join(tmpdir(), 'logdesk-pct-'));
});
afterAll(async () => {
  if (pg) await destroyPostgres(pg);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const RANGE = { from: '2026-11-20T00:00:00.000Z', to: '2026-11-20T01:00:00.000Z' };
const mapping = (table: string): SourceMapping => ({
  table,
  columns: { time: 'at', model: 'model', durationMs: 'ms' },
  success: { kind: 'boolean', column: 'ok' },
});
const at = (i: number) => `2026-11-20 00:${String(i % 60).padStart(2, '0')}:00`;

describe('latency percentiles without percentile_cont', () => {
  it("SQLite's p50/p95/p99, per model too, equal PostgreSQL's percentile_cont on random durations", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null, freq: 6 }), {
          minLength: 1,
          maxLength: 120,
        }),
        async (durations) => {
          const table = `calls_${run++}`;
          const values = durations
            .map(
              (ms, i) => `('${at(i)}', '${i % 3 ? 'a' : 'b'}', ${ms ?? 'NULL'}, ${i % 4 ? 'true' : 'false'})`,
            )
            .join(', ');
          await pg.exec(
            `CREATE TABLE ${table} (at timestamp, model text, ms integer, ok boolean); INSERT INTO ${table} VALUES ${values}`,
            [],
            'pct',
          );
          const file = join(dir, `${table}.db`);
          execFileSync('sqlite3', [file], {
            input: `CREATE TABLE ${table} (at datetime, model text, ms integer, ok bool); INSERT INTO ${table} VALUES ${values.replace(/true/g, '1').replace(/false/g, '0')};`,
          });
          const [want] = (
            await pg.exec(
              `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95,
                    percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99 FROM ${table}`,
              [],
              'pct',
            )
          ).rows as [{ p50: number | null; p95: number | null; p99: number | null }];
          const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
          const filters = TrafficFilters.parse({ timeRange: { kind: 'absolute', ...RANGE } });
          const options = {
            prices: DEFAULT_PRICES,
            page: { sort: 'time', direction: 'desc', cursor: null, limit: 1 },
          } as const;
          const lite = new MappedSource(new SqliteDatabase(file), mapping(table));
          const post = new MappedSource(
            new PgDatabase({ target: parsePostgresUrl(pg.url('pct')).target }),
            mapping(table),
          );
          try {
            const [a, b] = [
              await lite.traffic(filters, { ...options, now: NOW }),
              await post.traffic(filters, { ...options, now: NOW }),
            ];
            expect([a.summary.p50Ms, a.summary.p95Ms, a.summary.p99Ms]).toEqual([
              round(want.p50),
              round(want.p95),
              round(want.p99),
            ]);
            expect(a.byModel).toEqual(b.byModel);
            expect(a.series).toEqual(b.series);
          } finally {
            await Promise.all([lite.close(), post.close()]);
          }
        },
      ),
      { numRuns: 15 },
    );
    // Each run opens a SQLite worker and a PostgreSQL pool: slow on a loaded machine.
  }, 240_000);
});
