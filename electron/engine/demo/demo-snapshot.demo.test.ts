import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { SHARED_CACHE } from '../../test-support/run-cli.ts';
import { TEST_NOW } from '../../test-support/test-clock.ts';
import { createDemoDatabase, demoSnapshotName } from './demo-database.ts';

const MB = 2 ** 20;

/** Each regular file of a ustar archive and its size (the 512-byte headers, no library needed). */
function tarFiles(tar: Uint8Array): Map<string, number> {
  const files = new Map<string, number>();
  const text = (from: number, length: number) =>
    new TextDecoder().decode(tar.subarray(from, from + length)).replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0;) {
    const name = text(at, 100);
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    if (text(at + 156, 1) === '0' || text(at + 156, 1) === '') files.set(name.replace(/^\//, ''), size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/**
 * Issue 23: opening the snapshot costs its unpacking and the replay of WAL written since the last
 * checkpoint. The snapshot the tests' global setup prepared (as npm ci does) is taken after a
 * checkpoint, carries no recycled WAL segments (it used to carry 48 MB) and only the database the
 * demo reads (no template0/template1).
 */
describe('the demo snapshot', () => {
  const files = tarFiles(gunzipSync(readFileSync(join(SHARED_CACHE, demoSnapshotName()))));
  const sum = (pick: (name: string) => boolean) =>
    [...files].filter(([name]) => pick(name)).reduce((total, [, size]) => total + size, 0);

  it('holds at most 2 MB of WAL, in 1 MB segments', () => {
    const wal = [...files].filter(([name]) => /^pg_wal\/[0-9A-F]{24}$/.test(name));
    expect(wal.length).toBeGreaterThan(0);
    expect(wal.every(([, size]) => size === MB)).toBe(true);
    expect(sum((name) => name.startsWith('pg_wal/'))).toBeLessThanOrEqual(2 * MB);
  });

  it('holds one database folder and stays under 40 MB unpacked', () => {
    const databases = new Set([...files.keys()].flatMap((name) => name.match(/^base\/(\d+)\//)?.[1] ?? []));
    expect(databases.size).toBe(1);
    expect(sum(() => true)).toBeLessThan(40 * MB);
  });
});

/**
 * Warm starts read the unpacked copy an earlier open left in the cache folder (no unpacking); the copy
 * is named for the packed file it came from, and a damaged one is replaced, never trusted.
 */
describe('the unpacked copy in the cache folder', () => {
  const packed = join(SHARED_CACHE, demoSnapshotName());
  const cache = mkdtempSync(join(tmpdir(), 'logdesk-demo-copy-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));
  const copies = () => readdirSync(cache).filter((name) => name.endsWith('.tar'));
  const spendRows = async () => {
    const db = await createDemoDatabase({ now: TEST_NOW, cacheDir: cache, preparedDirs: [SHARED_CACHE] });
    try {
      return await db.readOnly(async (sql) => {
        const [row] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs"');
        return row!.n;
      });
    } finally {
      await db.close();
    }
  };

  it('is the packed snapshot unpacked, kept after the first open', async () => {
    const rows = await spendRows();
    expect(rows).toBeGreaterThan(10_000);
    expect(copies()).toHaveLength(1);
    expect(readFileSync(join(cache, copies()[0]!)).equals(gunzipSync(readFileSync(packed)))).toBe(true);
    expect(await spendRows()).toBe(rows);
  });

  it('a damaged copy: the demo opens from the packed file and the copy is written again', async () => {
    const rows = await spendRows();
    const copy = join(cache, copies()[0]!);
    writeFileSync(copy, 'not a tar');
    expect(await spendRows()).toBe(rows);
    expect(readFileSync(copy).equals(gunzipSync(readFileSync(packed)))).toBe(true);
  });
});
