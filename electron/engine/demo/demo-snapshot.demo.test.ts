import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SHARED_CACHE } from '../../test-support/run-cli.ts';
import { demoSnapshotName } from './demo-database.ts';

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
