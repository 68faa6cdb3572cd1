import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PgliteDatabase } from '../db/pglite-database.ts';
import { PgliteWorker, type PgliteSession } from '../db/pglite-worker.ts';
import { ReleasableDatabase } from '../db/releasable-database.ts';
import { generateDemoData } from './generator.ts';
import { withHealthDefects } from './health-defects.ts';
import { loadDemoData } from './loader.ts';
import { BytesBlob, SNAPSHOT_PGLITE_OPTIONS, saveDemoSnapshot, snapshotTars } from './demo-snapshot.ts';
import { demoScenario } from './scenario.ts';
import { createShiftViews, shiftToNow } from './shift-views.ts';

/** Bump when the generator's output or the snapshot's layout changes, so cached snapshots of the old shape are not reused. */
const GENERATOR_VERSION = 8;
const DESCRIPTION = 'embedded demo database (LiteLLM, last 7 days)';
/** More than all the demo's tables hold together (≈ 26,000 rows; demo-worker test): far under any large-scan threshold. */
export const DEMO_ROWS_AT_MOST = 100_000;

export interface DemoOptions {
  now?: number;
  /** Where a snapshot of the generated database is kept: PGlite's initdb and the load take seconds, a snapshot ~1 s. */
  cacheDir?: string | undefined;
  /** Read-only folders searched for the snapshot before `cacheDir` (the one `npm ci` prepares in out/demo). */
  preparedDirs?: readonly string[];
}

export function demoSnapshotName(): string {
  const hash = createHash('sha256').update(JSON.stringify(demoScenario)).update(String(GENERATOR_VERSION));
  return `demo-${hash.digest('hex').slice(0, 16)}.tar.gz`;
}

async function openSnapshot<S extends PgliteSession>(
  paths: readonly string[],
  now: number,
  cacheDir: string | undefined,
  open: (tar: Uint8Array) => Promise<S>,
): Promise<S | null> {
  for (const path of paths) {
    try {
      for await (const tar of snapshotTars(path, cacheDir)) {
        const db = await open(tar).catch(() => null);
        if (!db) continue;
        await shiftToNow(db, now);
        return db;
      }
    } catch {
      // A corrupt or foreign snapshot: try the next one, else regenerate.
    }
  }
  return null;
}

/** PGlite's module is loaded here only when it runs here: the engine's demo runs it in its worker. */
const pglite = async () => (await import('@electric-sql/pglite')).PGlite;
const inThisThread = async (tar: Uint8Array) => (await pglite()).create({ loadDataDir: new BytesBlob(tar) });
/** Moves the bytes to the worker (a tar sharing its memory with other data is copied first). */
const inWorker = (tar: Uint8Array) =>
  PgliteWorker.open(tar.byteOffset === 0 && tar.byteLength === tar.buffer.byteLength ? tar : tar.slice());

/** A new PGlite holding the demo's week generated to end at `now`, in the snapshot's layout (shift views over the raw rows). */
export async function buildDemoDatabase(now: number): Promise<PGlite> {
  const db = await (await pglite()).create(SNAPSHOT_PGLITE_OPTIONS);
  await loadDemoData(
    (sql, params) => db.query(sql, params as unknown[]),
    withHealthDefects(generateDemoData(demoScenario, now), now),
  );
  await db.exec('ANALYZE');
  await createShiftViews(db, now);
  return db;
}

function snapshotPaths(options: DemoOptions): { paths: string[]; cachePath: string | null } {
  const name = demoSnapshotName();
  const cachePath = options.cacheDir ? join(options.cacheDir, name) : null;
  const paths = [
    ...(options.preparedDirs ?? []).map((dir) => join(dir, name)),
    ...(cachePath ? [cachePath] : []),
  ];
  return { paths, cachePath };
}

/**
 * The embedded demo: an in-memory PGlite holding a generated week of LiteLLM traffic ending now.
 * Opened from a snapshot (prepared at install, else made on first use and cached) whose times views
 * move to now: no row is rewritten at open. In this thread (tests reach into it); the engine's runs
 * in a worker (openDemoDatabase).
 */
export async function createDemoDatabase(options: DemoOptions = {}): Promise<PgliteDatabase> {
  const now = options.now ?? Date.now();
  const { paths, cachePath } = snapshotPaths(options);
  const opened = await openSnapshot(paths, now, options.cacheDir, inThisThread);
  if (opened) return new PgliteDatabase(opened, DESCRIPTION);
  const db = await buildDemoDatabase(now);
  if (cachePath && options.cacheDir) await saveDemoSnapshot(db, options.cacheDir, cachePath);
  return new PgliteDatabase(db, DESCRIPTION);
}

/**
 * The demo as the engine opens it: PGlite in a worker thread, so the engine's thread serves the
 * page's files and other calls while PostgreSQL starts (≈ 1 s) and while it answers. Without any
 * snapshot yet it is built here once (seconds, first use only) and saved, then opened like the rest.
 */
export async function openDemoDatabase(
  options: DemoOptions & { inThread?: boolean } = {},
): Promise<PgliteDatabase<PgliteWorker> | PgliteDatabase> {
  const now = options.now ?? Date.now();
  const { paths } = snapshotPaths(options);
  // The engine never alters the demo's tables: its catalog checks are made once per open.
  const open = async <S extends PgliteSession>(how: (tar: Uint8Array) => Promise<S>) => {
    const session = await openSnapshot(paths, now, options.cacheDir, how);
    return session && new PgliteDatabase(session, DESCRIPTION, { fixedCatalog: true });
  };
  const opened = options.inThread ? await open(inThisThread) : await open(inWorker);
  if (opened) return opened;
  return createDemoDatabase(options);
}

/**
 * The demo as the engine holds it: released (its ~500 MiB given back) once another source is in use,
 * opened again by its next read with the clock read then.
 */
export function releasableDemoDatabase(
  options: Omit<DemoOptions, 'now'> & { now: () => number; inThread?: boolean },
): ReleasableDatabase<PgliteDatabase<PgliteWorker> | PgliteDatabase> {
  return new ReleasableDatabase(
    () => openDemoDatabase({ ...options, now: options.now() }),
    DESCRIPTION,
    'postgres',
    DEMO_ROWS_AT_MOST,
  );
}

/**
 * Makes the snapshot in `dir` unless it is there (npm ci / build: scripts/prepare-demo.ts; the tests'
 * global setup); its week ends at `now`. Returns the file's path.
 */
export async function prepareDemoSnapshot(dir: string, now: number): Promise<string> {
  const path = join(dir, demoSnapshotName());
  if (
    await access(path).then(
      () => true,
      () => false,
    )
  )
    return path;
  const db = await buildDemoDatabase(now);
  try {
    await saveDemoSnapshot(db, dir, path);
  } finally {
    await db.close();
  }
  return path;
}
