import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { SHARED_CACHE } from '../../test-support/run-cli.ts';
import { TEST_NOW } from '../../test-support/test-clock.ts';
import type { Database } from '../db/database.ts';
import type { PgliteDatabase } from '../db/pglite-database.ts';
import { Filters } from '../../../shared/filters.ts';
import { observedDatabase } from '../../test-support/observed-database.ts';
import { investigate } from '../sources/litellm/investigate.ts';
import { DEMO_ROWS_AT_MOST, createDemoDatabase, releasableDemoDatabase } from './demo-database.ts';

/** A statement PGlite takes a few hundred ms over (it never reads a table: the same on any snapshot). */
const BUSY = 'SELECT count(*)::int AS n FROM generate_series(1, 1000000) g WHERE g % 7 = 3';

/** How many 5 ms timers of this thread ran while `work` ran: none while the thread itself is busy. */
async function ticksDuring(work: Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  try {
    await work;
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

const read = <R extends Record<string, unknown>>(db: Database, sql: string) =>
  db.readOnly((s) => s.query<R>(sql));

/**
 * Issue 23: the engine's demo runs PGlite in a worker thread, so `logdesk web` serves the page's own
 * files while PostgreSQL starts and answers (on one thread, the page waited ≈ 1 s behind the open).
 * Its answers and its errors are those of the demo opened in this thread.
 */
describe("the engine's demo database", () => {
  let demo: ReturnType<typeof releasableDemoDatabase>;
  let here: PgliteDatabase;

  beforeAll(async () => {
    demo = releasableDemoDatabase({ now: () => TEST_NOW, cacheDir: SHARED_CACHE });
    here = await createDemoDatabase({ now: TEST_NOW, cacheDir: SHARED_CACHE });
  });
  afterAll(async () => {
    await demo?.close();
    await here?.close();
  });

  it('leaves this thread free while a statement runs', async () => {
    await demo.opened();
    // The same statement in this thread holds it: no timer runs until it ends.
    expect(await ticksDuring(read(here, BUSY))).toBeLessThanOrEqual(2);
    expect(await ticksDuring(read(demo, BUSY))).toBeGreaterThan(5);
  });

  it('runs in this thread when the platform asks (the CLI: nothing else to serve meanwhile)', async () => {
    const cli = releasableDemoDatabase({ now: () => TEST_NOW, cacheDir: SHARED_CACHE, inThread: true });
    try {
      await cli.opened();
      // A worker would leave the timers running (the test above); in this thread the statement holds them.
      expect(await ticksDuring(read(cli, BUSY))).toBeLessThanOrEqual(2);
      expect((await read(cli, 'SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs"'))[0]).toEqual(
        (await read(here, 'SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs"'))[0],
      );
    } finally {
      await cli.close();
    }
  });

  it('answers as the demo opened in this thread', async () => {
    const sql = `SELECT count(*)::int AS n, min("startTime") AS first, max("startTime") AS last,
                        sum(spend)::float8 AS spend, max(metadata::text) AS meta FROM "LiteLLM_SpendLogs"`;
    const [there] = await read(demo, sql);
    const [mine] = await read(here, sql);
    expect(there).toEqual(mine);
    expect(there?.first).toBeInstanceOf(Date);
    expect(there?.n).toBeGreaterThan(1000);
  });

  it('refuses writes and bad SQL with the same errors', async () => {
    for (const sql of [
      `INSERT INTO "LiteLLM_TeamTable" (team_id) VALUES ('x')`,
      'SELECT no_such_column FROM "LiteLLM_SpendLogs"',
    ]) {
      const there = await read(demo, sql).catch((e: unknown) => e);
      const mine = await read(here, sql).catch((e: unknown) => e);
      expect(there).toBeInstanceOf(AppError);
      expect((there as AppError).toData()).toEqual((mine as AppError).toData());
    }
    // The session goes on after a failed transaction.
    expect(await read(demo, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('runs concurrent reads one transaction at a time, each with its own snapshot', async () => {
    const reads = Array.from({ length: 4 }, (_, i) =>
      demo.readOnly(async (s) => {
        await s.query('DECLARE c CURSOR FOR SELECT request_id FROM "LiteLLM_SpendLogs" ORDER BY 1');
        const page = await s.query<{ request_id: string }>('FETCH 3 FROM c');
        return { i, ids: page.map((r) => r.request_id) };
      }),
    );
    const answers = await Promise.all(reads);
    expect(answers.map((a) => a.i)).toEqual([0, 1, 2, 3]);
    expect(new Set(answers.map((a) => a.ids.join()))).toHaveProperty('size', 1);
  });

  it('gives its thread back when released, and opens again on the next read', async () => {
    const first = await demo.opened();
    demo.release();
    await expect.poll(() => first.db.closed).toBe(true);
    const [row] = await read<{ one: number }>(demo, 'SELECT 1 AS one');
    expect(row?.one).toBe(1);
    const second = await demo.opened();
    expect(second).not.toBe(first);
    expect(second.db.closed).toBe(false);
  });

  it('holds fewer rows than it says, so its investigation runs no EXPLAIN under a larger threshold', async () => {
    const tables = await read<{ name: string }>(
      demo,
      `SELECT format('%I.%I', n.nspname, c.relname) AS name FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
    );
    const counts = tables.map(({ name }) => `SELECT count(*) AS n FROM ${name}`).join(' UNION ALL ');
    const [{ rows } = { rows: 0 }] = await read<{ rows: number }>(
      demo,
      `SELECT sum(n)::int AS rows FROM (${counts}) t`,
    );
    expect(rows).toBeGreaterThan(1000);
    expect(rows).toBeLessThanOrEqual(DEMO_ROWS_AT_MOST);
    const filters = Filters.parse({ timeRange: { kind: 'relative', last: '7d' }, limit: 10 });
    const explained = (threshold: number) => {
      const plans: string[] = [];
      const db = observedDatabase(demo, (sql) => void (/^\s*EXPLAIN/i.test(sql) && plans.push(sql)));
      const run = investigate(db, filters, { now: TEST_NOW, largeScanRows: threshold });
      return { plans, run };
    };
    const usual = explained(5_000_000);
    expect((await usual.run).total).toBeGreaterThan(0);
    expect(usual.plans).toEqual([]);
    // Under the bound the guard still asks the planner, and refuses.
    const tight = explained(100);
    await expect(tight.run).rejects.toMatchObject({ code: 'LARGE_SCAN' });
    expect(tight.plans).toHaveLength(1);
  });

  it('checks its catalog once per open, not at every read', async () => {
    const catalogReads: string[] = [];
    const db = observedDatabase(demo, (sql) => void (/pg_attribute/.test(sql) && catalogReads.push(sql)));
    const filters = Filters.parse({ timeRange: { kind: 'relative', last: '24h' }, limit: 5 });
    const first = await investigate(db, filters, { now: TEST_NOW });
    const again = await investigate(db, filters, { now: TEST_NOW });
    expect(again.total).toBe(first.total);
    const once = catalogReads.length;
    expect(once).toBeLessThanOrEqual(2);
    await investigate(db, filters, { now: TEST_NOW });
    expect(catalogReads).toHaveLength(once);
  });

  it('fails a running read with a clear error when its thread ends, and opens again on the next', async () => {
    const opened = await demo.opened();
    const running = read(demo, BUSY);
    // As a crash would: the thread ends under a running statement.
    await (opened.db as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const stopped = {
      code: 'CONNECTION_FAILED',
      message: expect.stringContaining("demo database's thread stopped"),
    };
    await expect(running).rejects.toMatchObject(stopped);
    expect(await read(demo, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(await demo.opened()).not.toBe(opened);
  });
});
