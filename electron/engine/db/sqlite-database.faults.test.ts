import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { SqliteDatabase } from './sqlite-database.ts';

/**
 * The fault suite's SQLite side (issue #18.2): a read past its timeout, a cancelled read, the reading
 * process killed with SIGKILL, a writer holding an uncommitted write, six readers at once, a folder
 * the reader cannot write, a WAL database. Each recovers without a manual step, creates nothing
 * beside the file and never shows uncommitted rows.
 */
const ROWS = 3000;
const FAILED = ROWS / 10;
// Long enough to be caught running, short enough that an abandoned native step ends soon after.
// It reads the table first, so it holds the file's shared lock while it runs.
// 4M steps: ≈ 0.5 s on a quiet machine, 5× the 100 ms timeout below (2M against 300 ms ended before its
// timeout on a fast machine), and seconds, not minutes, at load 20.
const LONG = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < (SELECT 4000000 + count(*) FROM calls)) SELECT count(*) AS c FROM n`;
const COUNT_FAILED = `SELECT count(*) AS n, sum(error LIKE 'uncommitted%') AS dirty FROM calls WHERE ok = 0`;
const CHILD = resolve(import.meta.dirname, '../../test-support/sqlite-reader-child.ts');

let root: string;
const children: ChildProcess[] = [];

/** A fresh folder holding one `calls.db` of ROWS rows, one in ten failed, in the given journal mode. */
function fixture(journal: 'delete' | 'wal' = 'delete'): { dir: string; file: string } {
  const dir = mkdtempSync(join(root, 'db-'));
  const file = join(dir, 'calls.db');
  execFileSync('sqlite3', [file], {
    input: `PRAGMA journal_mode = ${journal};
CREATE TABLE calls (id integer PRIMARY KEY, at text, model text, ok bool, error text);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
INSERT INTO calls SELECT i, '2026-11-20 08:00:00', 'gpt-4o', (i % 10) <> 0, CASE WHEN i % 10 = 0 THEN 'RateLimitError ' || printf('%080d', i) END FROM n;`,
  });
  return { dir, file };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'logdesk-sqlite-faults-'));
});
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AppError,
  );
const beside = (dir: string) => readdirSync(dir).sort();
/** The count read after a fault, with room for a loaded machine whatever the database's own timeout. */
const failedCount = async (db: SqliteDatabase) =>
  (
    await db.readOnly((sql) => sql.query<{ n: number; dirty: number }>(COUNT_FAILED), { timeoutMs: 60_000 })
  )[0]!;

/** True when no connection holds even a shared lock: a writer could take the file right now. */
function writerCanLock(file: string): boolean {
  try {
    execFileSync('sqlite3', [file, 'BEGIN EXCLUSIVE; ROLLBACK;'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Polls (bounded) until `check` holds; the reader's state is seen through the file's own locks. */
async function until(check: () => boolean, what: string, tries = 1200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never: ${what}`);
}

/** A `sqlite3` shell that holds an open transaction with an uncommitted UPDATE of every row. */
async function uncommittedWriter(file: string): Promise<{ rollback(): Promise<void> }> {
  const shell = spawn('sqlite3', [file], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(shell);
  const lines = createInterface({ input: shell.stdout! });
  const held = new Promise<void>((ok) => lines.once('line', () => ok()));
  // A cache of two pages spills the UPDATE into the file itself (rollback journal mode), as a big write does.
  shell.stdin!.write(
    `PRAGMA cache_size = 2; BEGIN; UPDATE calls SET ok = 0, error = 'uncommitted ' || id; SELECT 'held';\n`,
  );
  await held;
  return {
    rollback: async () => {
      const closed = new Promise((ok) => shell.once('exit', ok));
      shell.stdin!.end('ROLLBACK;\n');
      await closed;
    },
  };
}

/**
 * The reader in its own process, printing its JSON lines. `noWriteRights`: as root without the
 * capabilities that bypass file modes (setpriv), so a 0555 folder is one it cannot write — another
 * user's folder to it — while it still reads the repository wherever the clone lies (a `nobody`
 * reader could not enter a 0700 checkout).
 */
function childReader(file: string, sql: string, noWriteRights = false) {
  const node = [process.execPath, '--import', 'tsx', CHILD, file, sql];
  const [command, ...args] = noWriteRights
    ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--', ...node]
    : node;
  const child = spawn(command!, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: resolve(import.meta.dirname, '../../..'),
  });
  children.push(child);
  const messages: Record<string, unknown>[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) =>
    messages.push(JSON.parse(l) as Record<string, unknown>),
  );
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  return { child, messages, exited };
}

describe('SQLite faults: each recovers without a manual step', () => {
  it('a read past its statement timeout fails with TIMEOUT, leaves nothing beside the file, and the next read works', async () => {
    const { dir, file } = fixture();
    const db = new SqliteDatabase(file, 100);
    try {
      const err = await failure(db.readOnly((sql) => sql.query(LONG)));
      expect(err?.code).toBe('TIMEOUT');
      expect(beside(dir)).toEqual(['calls.db']);
      expect(await failedCount(db)).toEqual({ n: FAILED, dirty: 0 });
      await until(() => writerCanLock(file), 'the abandoned read lets a writer in');
    } finally {
      await db.close();
    }
  }, 120_000);

  it('a read cancelled while it runs fails with CANCELLED, and the next read works', async () => {
    const { dir, file } = fixture();
    const db = new SqliteDatabase(file);
    try {
      const stop = new AbortController();
      const reading = failure(db.readOnly((sql) => sql.query(LONG), { signal: stop.signal }));
      await until(() => !writerCanLock(file), 'the read holds its shared lock');
      stop.abort();
      expect((await reading)?.code).toBe('CANCELLED');
      expect(beside(dir)).toEqual(['calls.db']);
      expect(await failedCount(db)).toEqual({ n: FAILED, dirty: 0 });
      await until(() => writerCanLock(file), 'the cancelled read lets a writer in');
    } finally {
      await db.close();
    }
  }, 120_000);

  it('a reading process killed with SIGKILL leaves no lock and no file: a writer and the next reader get in at once', async () => {
    const { dir, file } = fixture();
    const reader = childReader(file, LONG);
    await until(() => reader.messages.length > 0 && !writerCanLock(file), 'the child holds its shared lock');
    reader.child.kill('SIGKILL');
    await reader.exited;
    expect(writerCanLock(file)).toBe(true);
    expect(beside(dir)).toEqual(['calls.db']);
    const db = new SqliteDatabase(file);
    try {
      expect(await failedCount(db)).toEqual({ n: FAILED, dirty: 0 });
    } finally {
      await db.close();
    }
  }, 120_000);

  it('a writer holding an uncommitted write: never a row of it, a clear "locked by a writer" at most, the committed rows after its rollback', async () => {
    const { file } = fixture();
    const writer = await uncommittedWriter(file);
    // The wait for the writer is 3/4 of the statement timeout: the rest is room for a loaded machine.
    const db = new SqliteDatabase(file, 12_000);
    try {
      const during = await db
        .readOnly((sql) => sql.query<{ n: number; dirty: number }>(COUNT_FAILED))
        .then(
          (rows) => rows[0]!,
          (e: AppError) => e,
        );
      if (during instanceof AppError)
        expect(during.message).toMatch(
          /is locked by a writer that held it for more than \d+ s; nothing uncommitted was read/,
        );
      else expect(during).toEqual({ n: FAILED, dirty: 0 });
      await writer.rollback();
      expect(await failedCount(db)).toEqual({ n: FAILED, dirty: 0 });
    } finally {
      await db.close();
    }
  }, 120_000);

  it('six readers at once all read the file', async () => {
    const { dir, file } = fixture();
    const dbs = Array.from({ length: 6 }, () => new SqliteDatabase(file));
    try {
      const counts = await Promise.all(dbs.map((db) => failedCount(db)));
      expect(counts).toEqual(Array.from({ length: 6 }, () => ({ n: FAILED, dirty: 0 })));
      expect(beside(dir)).toEqual(['calls.db']);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
    }
  }, 120_000);

  it('a file in a folder the reader cannot write reads, and nothing is created', async () => {
    const { dir, file } = fixture();
    const locked = mkdtempSync(join(root, 'readonly-'));
    copyFileSync(file, join(locked, 'calls.db'));
    chmodSync(join(locked, 'calls.db'), 0o444);
    chmodSync(locked, 0o555);
    chmodSync(root, 0o755);
    const reader = childReader(join(locked, 'calls.db'), COUNT_FAILED, true);
    expect(await reader.exited).toBe(0);
    expect(reader.messages.at(-1)).toEqual({ rows: [{ n: FAILED, dirty: 0 }] });
    expect(beside(locked)).toEqual(['calls.db']);
    expect(beside(dir)).toEqual(['calls.db']);
  }, 120_000);

  it('a WAL database in a folder the reader cannot write, without its -shm, fails saying why (SQLite must write beside it)', async () => {
    const { file } = fixture('wal');
    const locked = mkdtempSync(join(root, 'readonly-wal-'));
    copyFileSync(file, join(locked, 'calls.db'));
    chmodSync(join(locked, 'calls.db'), 0o444);
    chmodSync(locked, 0o555);
    chmodSync(root, 0o755);
    const reader = childReader(join(locked, 'calls.db'), COUNT_FAILED, true);
    expect(await reader.exited).toBe(0);
    const last = reader.messages.at(-1) as { error?: { message: string } };
    expect(last.error?.message).toMatch(
      /a WAL database without its -shm file, or a crashed writer's journal\) in a folder this user cannot write: read a copy of it$/,
    );
    expect(beside(locked)).toEqual(['calls.db']);
  }, 120_000);

  it("a WAL database reads beside a writer holding an uncommitted write, seeing only committed rows, and leaves only SQLite's own -wal/-shm", async () => {
    const { dir, file } = fixture('wal');
    const db = new SqliteDatabase(file, 5_000);
    try {
      expect(await failedCount(db)).toEqual({ n: FAILED, dirty: 0 });
      const writer = await uncommittedWriter(file);
      expect(await failedCount(db)).toEqual({ n: FAILED, dirty: 0 });
      await writer.rollback();
      expect(await failedCount(db)).toEqual({ n: FAILED, dirty: 0 });
      expect(beside(dir).filter((f) => !['calls.db', 'calls.db-wal', 'calls.db-shm'].includes(f))).toEqual(
        [],
      );
    } finally {
      await db.close();
    }
  }, 120_000);
});
