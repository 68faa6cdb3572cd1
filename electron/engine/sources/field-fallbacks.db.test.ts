import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import type { SourceMapping } from '../../../shared/source-mapping.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { SqliteDatabase } from '../db/sqlite-database.ts';
import type { Database } from '../db/database.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { MappedSource } from './mapped/mapped-source.ts';

/** The engine's clock in these tests: after every range they read (absolute ranges do not depend on it). */
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

/**
 * Field fallbacks (a JSON key read where the column gives nothing) as the built-in LiteLLM mapping
 * uses them, on PostgreSQL (jsonb) and SQLite (JSON text): a NULL or empty status column falls back
 * to `metadata.status`; a JSON null, a missing key or a row whose metadata is not JSON at all gives
 * nothing, and never fails the read.
 */
const ROWS: [string, string | null, string][] = [
  // time, status column, metadata
  ['2026-11-20 00:01:00', 'failure', '{"alias": "from-json", "status": "failure"}'],
  ['2026-11-20 00:02:00', null, '{"alias": "from-json", "status": "failure"}'],
  ['2026-11-20 00:03:00', '', '{"alias": null, "status": "failure"}'],
  ['2026-11-20 00:04:00', null, '{"status": "success"}'],
  ['2026-11-20 00:05:00', 'success', '{"status": "failure"}'],
  ['2026-11-20 00:06:00', null, '{}'],
];
const BROKEN = ['2026-11-20 00:07:00', 'failure', 'not json {'] as const;

const MAPPING: SourceMapping = {
  table: 'calls',
  columns: { time: 'at', model: 'model', keyAlias: 'key_id' },
  success: { kind: 'status', column: 'status', successValues: ['success'] },
  fallbacks: {
    success: { column: 'metadata', path: ['status'] },
    keyAlias: { column: 'metadata', path: ['alias'], first: true },
  },
};
const filters = Filters.parse({
  timeRange: { kind: 'absolute', from: '2026-11-20T00:00:00.000Z', to: '2026-11-20T01:00:00.000Z' },
  limit: 10,
});

let pg: TestPostgres;
let dir: string;
const values = (rows: readonly (readonly [string, string | null, string])[]) =>
  rows
    .map(
      ([at, status, meta]) => `('${at}', 'm', 'k1', ${status === null ? 'NULL' : `'${status}'`}, '${meta}')`,
    )
    .join(', ');

beforeAll(async () => {
  pg = await startPostgres();
  await pg.createDatabase('fallbacks');
  await pg.exec(
    `CREATE TABLE calls (at timestamp, model text, key_id text, status text, metadata jsonb); INSERT INTO calls VALUES ${values(ROWS)}`,
    [],
    'fallbacks',
  );
  dir = mkdtempSync(join(tmpdir(), 'logdesk-fallbacks-'));
  execFileSync('sqlite3', [join(dir, 'calls.db')], {
    input: `CREATE TABLE calls (at datetime, model text, key_id text, status text, metadata json); INSERT INTO calls VALUES ${values([...ROWS, BROKEN])};`,
  });
}, 120_000);
afterAll(async () => {
  if (pg) await destroyPostgres(pg);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const open: Record<string, () => Database> = {
  postgres: () => new PgDatabase({ target: parsePostgresUrl(pg.url('fallbacks')).target }),
  sqlite: () => new SqliteDatabase(join(dir, 'calls.db')),
};

describe('field fallbacks (a key inside a JSON column)', () => {
  it.each(Object.keys(open))(
    '%s: the status falls back to the JSON key, the alias takes it first',
    async (engine) => {
      const db = new MappedSource(open[engine]!(), MAPPING);
      try {
        const result = await db.investigate(filters, { now: NOW });
        // Failed: the column's failure (twice on SQLite: its broken-JSON row still has a status column),
        // NULL and '' read from metadata. Not failed: metadata success, the column's success, nothing at all.
        const broken = engine === 'sqlite' ? 1 : 0;
        expect(result.total).toBe(3 + broken);
        // The alias from the JSON first, the key column where the JSON has none (JSON null, or not JSON).
        expect(Object.fromEntries(result.byKeyAlias.map((k) => [String(k.keyAlias), k.count]))).toEqual({
          'from-json': 2,
          k1: 1 + broken,
        });
      } finally {
        await db.close();
      }
    },
  );
});
