import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

/**
 * The demo's snapshot file: a gzip'd tar of PGlite's data folder, made small and quick to open.
 * Opening it costs the unpacking and copying of every file into PGlite's memory, and PostgreSQL
 * replays the WAL written since the last checkpoint: so the snapshot is taken right after a
 * checkpoint, with 1 MB WAL segments and none recycled (the load wrote 48 MB of WAL that every
 * open used to unpack and replay) and without the template databases nothing here ever reads.
 */

/** initdb's options for a database that will be snapshotted: 1 MB WAL segments instead of 16 MB. */
export const SNAPSHOT_PGLITE_OPTIONS: PGliteOptions = { initDbStartParams: ['--wal-segsize=1'] };

/**
 * Checkpoints with WAL recycling off (the old segments are deleted, not kept as 16-48 MB of files
 * for later) after dropping template0/template1 (a third each of the data folder; PGlite only ever
 * connects to postgres). Each statement on its own: DROP DATABASE refuses a transaction block.
 */
export async function compactForSnapshot(db: PGlite): Promise<void> {
  // First: DROP DATABASE checkpoints too, and a checkpoint that recycles keeps the old segments as future ones.
  await db.exec('SET wal_recycle = off');
  await db.exec(`UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`);
  await db.exec('DROP DATABASE IF EXISTS template0');
  await db.exec('DROP DATABASE IF EXISTS template1');
  await db.exec('CHECKPOINT');
}

/**
 * A tar already in memory, handed to PGlite as a Blob: PGlite only calls arrayBuffer(), and a plain
 * `new Blob([bytes])` copies the tens of MB twice more (into the Blob, then back out in chunks).
 */
export class BytesBlob extends Blob {
  constructor(private readonly tar: Uint8Array) {
    super([]);
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    const { buffer, byteOffset, byteLength } = this.tar;
    return Promise.resolve(
      byteOffset === 0 && byteLength === buffer.byteLength
        ? (buffer as ArrayBuffer)
        : (buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer),
    );
  }
}

/**
 * The snapshot at `path` as tars to try in turn: the unpacked copy kept in `cacheDir` by an earlier
 * open, then the packed file itself, unpacked by Node's zlib (PGlite's own unpacking goes through web
 * streams: about five times the CPU) and kept in `cacheDir` for the next open (~0.2 s of unpacking
 * saved). The copy is only ever read into memory: nothing the engine does reaches the file.
 */
export async function* snapshotTars(path: string, cacheDir?: string): AsyncGenerator<Uint8Array> {
  let packed: Stats;
  try {
    packed = await stat(path);
  } catch {
    return;
  }
  const copy = cacheDir ? unpackedCopy(cacheDir, path, packed) : null;
  if (copy) {
    const tar = await readFile(copy.path).catch(() => null);
    if (tar) yield tar;
  }
  const tar = await promisify(gunzip)(await readFile(path));
  if (copy) await keepUnpacked(copy, tar);
  yield tar;
}

/**
 * Named for the packed file's folder, size and time: a rebuilt snapshot or one from another folder
 * (the tests' snapshot beside npm ci's) never reads another's copy.
 */
function unpackedCopy(
  cacheDir: string,
  path: string,
  packed: Stats,
): { dir: string; prefix: string; path: string } {
  const folder = createHash('sha256').update(dirname(path)).digest('hex').slice(0, 8);
  const prefix = `${basename(path, '.tar.gz')}.${folder}.`;
  return {
    dir: cacheDir,
    prefix,
    path: join(cacheDir, `${prefix}${packed.size}-${Math.trunc(packed.mtimeMs)}.tar`),
  };
}

/** Writes the copy whole or not at all, and removes the copies of older snapshots (35 MB each). */
async function keepUnpacked(
  copy: { dir: string; prefix: string; path: string },
  tar: Uint8Array,
): Promise<void> {
  try {
    await mkdir(copy.dir, { recursive: true });
    const tmp = `${copy.path}.${process.pid}.tmp`;
    await writeFile(tmp, tar);
    await rename(tmp, copy.path);
    const current = basename(copy.path);
    const snapshotName = copy.prefix.slice(0, copy.prefix.indexOf('.'));
    for (const name of await readdir(copy.dir)) {
      const stale = name.endsWith('.tar') && name !== current && name.startsWith('demo-');
      // Another folder's copy of this same snapshot is kept: the tests open both.
      if (stale && (name.startsWith(copy.prefix) || !name.startsWith(`${snapshotName}.`)))
        await rm(join(copy.dir, name), { force: true });
    }
  } catch {
    // The copy only saves time; a read-only cache folder must not break the demo.
  }
}

/** Writes the snapshot whole or not at all (a process reading it meanwhile sees the old file or the new one). */
export async function saveDemoSnapshot(db: PGlite, dir: string, path: string): Promise<void> {
  try {
    await compactForSnapshot(db);
    await mkdir(dir, { recursive: true });
    const tar = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, await promisify(gzip)(tar));
    await rename(tmp, path);
  } catch {
    // The cache only saves time; a read-only home must not break the demo.
  }
}
