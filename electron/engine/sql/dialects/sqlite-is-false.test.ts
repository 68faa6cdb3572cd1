import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { SqliteDatabase } from '../../db/sqlite-database.ts';
import { SQLITE } from './sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'logdesk-is-false-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("SQLite's false test: 0 and the text 'false' in any case, whatever the value's storage class", async () => {
  const file = join(dir, 'flags.db');
  // A column without affinity keeps each value's own class: integer, real, text, blob, NULL.
  execFileSync('sqlite3', [file], {
    input: `CREATE TABLE flags (v);
INSERT INTO flags VALUES (0), (1), ('false'), ('FALSE'), ('true'), (NULL), (0.0), (X'66616c7365'), ('0'), ('f'), (2.5);`,
  });
  const db = new SqliteDatabase(file);
  try {
    const rows = await db.readOnly((sql) =>
      sql.query(`SELECT ${SQLITE.isFalse('v')} AS f FROM flags ORDER BY rowid`),
    );
    expect(rows.map((r) => (r.f === null ? null : Number(r.f)))).toEqual([
      1,
      0,
      1,
      1,
      0,
      null,
      1,
      1,
      0,
      0,
      0,
    ]);
  } finally {
    await db.close();
  }
});
