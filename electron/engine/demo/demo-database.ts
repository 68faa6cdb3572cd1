import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PgliteDatabase } from '../db/pglite-database.ts';
import { generateDemoData, withHealthDefects } from './generator.ts';
import { loadDemoData } from './loader.ts';
import { demoScenario } from './scenario.ts';

/** Bump when the generator's output changes, so cached snapshots of the old shape are not reused. */
const GENERATOR_VERSION = 5;
const DESCRIPTION = 'embedded demo database (LiteLLM, last 7 days)';
const MINUTE = 60_000;

export interface DemoOptions {
  now?: number;
  /** Where a snapshot of the generated database is kept: PGlite's initdb and the load take seconds, a snapshot ~1 s. */
  cacheDir?: string | undefined;
}

function snapshotName(): string {
  const hash = createHash('sha256').update(JSON.stringify(demoScenario)).update(String(GENERATOR_VERSION));
  return `demo-${hash.digest('hex').slice(0, 16)}.tar.gz`;
}

async function readSnapshot(path: string): Promise<Blob | null> {
  try {
    return new Blob([await readFile(path)]);
  } catch {
    return null;
  }
}

/** Moves a snapshot's week so it ends now again (whole minutes keep the generator's shape). */
async function shiftToNow(db: PGlite, now: number): Promise<void> {
  const result = await db.query<{ generated_at: string }>('SELECT generated_at FROM logdesk_demo_meta');
  const generatedAt = Number(result.rows[0]?.generated_at ?? now);
  // Either way: a snapshot made later than a pinned clock (tests, LOGDESK_NOW) moves back.
  const minutes = Math.floor((now - generatedAt) / MINUTE);
  if (minutes === 0) return;
  await db.transaction(async (tx) => {
    const by = [`${minutes} minutes`];
    for (const table of ['LiteLLM_SpendLogs', 'LiteLLM_ErrorLogs']) {
      await tx.query(
        `UPDATE "${table}" SET "startTime" = "startTime" + $1::interval, "endTime" = "endTime" + $1::interval`,
        by,
      );
    }
    await tx.query(`UPDATE "LiteLLM_SpendLogs" SET "completionStartTime" = "completionStartTime" + $1::interval`, by);
    // Daily totals move by whole days only: a shift of a few hours leaves them on their generated dates.
    const days = [String(Math.floor(minutes / 1440))];
    for (const table of ['LiteLLM_DailyUserSpend', 'LiteLLM_DailyTeamSpend']) {
      await tx.query(`UPDATE "${table}" SET date = to_char(date::date + $1::int, 'YYYY-MM-DD')`, days);
    }
    await tx.query('UPDATE logdesk_demo_meta SET generated_at = $1', [String(generatedAt + minutes * MINUTE)]);
  });
  // The shift rewrote every row: without a vacuum the Health tab would rightly report the dead copies.
  await db.exec('VACUUM');
}

/** The embedded demo: an in-memory PGlite holding a generated week of LiteLLM traffic ending now. */
export async function createDemoDatabase(options: DemoOptions = {}): Promise<PgliteDatabase> {
  const now = options.now ?? Date.now();
  const snapshotPath = options.cacheDir ? join(options.cacheDir, snapshotName()) : null;
  const snapshot = snapshotPath ? await readSnapshot(snapshotPath) : null;
  if (snapshot) {
    try {
      const db = await PGlite.create({ loadDataDir: snapshot });
      await shiftToNow(db, now);
      return new PgliteDatabase(db, DESCRIPTION);
    } catch {
      // A corrupt or foreign snapshot: fall through and regenerate it.
    }
  }
  const db = await PGlite.create();
  await loadDemoData((sql, params) => db.query(sql, params as unknown[]), withHealthDefects(generateDemoData(demoScenario, now), now));
  await db.exec(`CREATE TABLE logdesk_demo_meta (generated_at text NOT NULL); ANALYZE;`);
  await db.query('INSERT INTO logdesk_demo_meta VALUES ($1)', [String(Math.floor(now / MINUTE) * MINUTE)]);
  if (snapshotPath && options.cacheDir) await saveSnapshot(db, options.cacheDir, snapshotPath);
  return new PgliteDatabase(db, DESCRIPTION);
}

async function saveSnapshot(db: PGlite, dir: string, path: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const blob = await db.dumpDataDir('gzip');
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, Buffer.from(await blob.arrayBuffer()));
    await rename(tmp, path);
  } catch {
    // The cache only saves time; a read-only home must not break the demo.
  }
}
