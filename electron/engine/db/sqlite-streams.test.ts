import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlRunner } from './database.ts';
import { SqliteDatabase } from './sqlite-database.ts';

let dir: string;
let db: SqliteDatabase;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-streams-'));
  const file = join(dir, 'n.db');
  execFileSync('sqlite3', [file], {
    input:
      'CREATE TABLE n (i INTEGER); WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 25) INSERT INTO n SELECT i FROM s;',
  });
  db = new SqliteDatabase(file);
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function streamAll(sql: SqlRunner, where: string): Promise<number[]> {
  const pages = sql.stream!(`SELECT i FROM n WHERE ${where} ORDER BY i`, [], 10);
  const out: number[] = [];
  for (;;) {
    const rows = await pages.next();
    out.push(...rows.map((r) => Number(r.i)));
    if (rows.length < 10) return out;
  }
}

/**
 * A stream's id was counted per session, and a statement read to its end stayed in the worker: the
 * next session's first stream met the spent one and read nothing (patterns of the period before: 0).
 */
describe('SQLite streamed reads across sessions', () => {
  it('every session reads its own statement, whole', async () => {
    expect(await db.readOnly((sql) => streamAll(sql, 'i > 0'))).toHaveLength(25);
    expect(await db.readOnly((sql) => streamAll(sql, 'i > 20'))).toEqual([21, 22, 23, 24, 25]);
    expect(await db.readOnly((sql) => streamAll(sql, 'i <= 10'))).toHaveLength(10);
    expect(await db.readOnly((sql) => streamAll(sql, 'i > 0'))).toHaveLength(25);
  });
});
