import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import type { SourceMapping } from '../../../shared/source-mapping.ts';
import { SqliteDatabase } from '../db/sqlite-database.ts';
import { resolveQuery } from '../query/resolve-query.ts';
import { MappedSource } from './mapped/mapped-source.ts';

/** Every failure of a SQLite source, newest first, read from one streamed statement a page at a time. */
const MAPPING: SourceMapping = {
  table: 'calls',
  columns: { time: 'at', requestId: 'id', model: 'model', errorMessage: 'error' },
  success: { kind: 'boolean', column: 'ok' },
};
const RANGE = { from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' };
let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-error-pages-'));
  file = join(dir, 'calls.db');
  // 60 calls a minute apart, every other one failed; two failures share a time (the id breaks the tie).
  execFileSync('sqlite3', [file], {
    input: `CREATE TABLE calls (id text, at datetime, model text, ok bool, error text);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO calls SELECT printf('r%02d', i), strftime('%Y-%m-%d %H:%M:%S', '2026-11-20 08:00:00', '+' || (i / 2 * 2) || ' minutes'), 'gpt-4o', i % 2, 'failed ' || i FROM n;`,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const query = () =>
  resolveQuery(Filters.parse({ timeRange: { kind: 'absolute', ...RANGE } }), Date.parse(RANGE.to));

describe('the failures of a SQLite source in pages', () => {
  it('hands every failure out once, newest first, in pages of the asked size, as independent SQL orders them', async () => {
    const db = new MappedSource(new SqliteDatabase(file), MAPPING);
    try {
      const pages: string[][] = [];
      const seen = await db.forEachErrorPage(
        query(),
        (rows) => void pages.push(rows.map((r) => r.requestId)),
        { pageSize: 7 },
      );
      const expected = execFileSync(
        'sqlite3',
        [file, 'SELECT id FROM calls WHERE ok = 0 ORDER BY at DESC, id DESC'],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n');
      expect(seen).toBe(30);
      expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 2]);
      expect(pages.flat()).toEqual(expected);
    } finally {
      await db.close();
    }
  });

  it('stops early when asked, and the same connection reads again at once', async () => {
    const db = new MappedSource(new SqliteDatabase(file), MAPPING);
    try {
      expect(await db.forEachErrorPage(query(), () => false, { pageSize: 7 })).toBe(7);
      expect(await db.forEachErrorPage(query(), () => undefined, { pageSize: 100 })).toBe(30);
    } finally {
      await db.close();
    }
  });
});
