import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PGlite } from '@electric-sql/pglite';
import { cloneDemoDatabase } from '../test-support/shared-postgres.ts';
import { testPlatform } from '../test-support/test-platform.ts';
import { TEST_NOW } from '../test-support/test-clock.ts';
import type { Database } from './db/database.ts';
import { PgliteDatabase } from './db/pglite-database.ts';
import { ReleasableDatabase } from './db/releasable-database.ts';
import { createEngine, type Engine } from './engine.ts';

const DEMO = { kind: 'demo' as const };
const HOUR = 3_600_000;
const filters = {
  timeRange: {
    kind: 'absolute' as const,
    from: new Date(TEST_NOW - 6 * HOUR).toISOString(),
    to: new Date(TEST_NOW).toISOString(),
  },
  limit: 10,
};

/** The PGlite behind the demo source now (opening it if it was released). */
async function demoPglite(database: Database): Promise<PGlite> {
  const inner = database instanceof ReleasableDatabase ? await database.opened() : database;
  if (!(inner instanceof PgliteDatabase)) throw new Error('expected the PGlite demo database');
  return inner.db;
}

let engine: Engine;
let url: string;

beforeAll(async () => {
  url = await cloneDemoDatabase('release');
  engine = createEngine(testPlatform());
});

afterAll(async () => {
  await engine?.close();
});

/** Web mode starts on the demo (first screen); a user who moves to their own database should not keep its ~500 MiB. */
describe('the demo once another source is in use', () => {
  it('is closed when another source opens, and opens again, working, on its next read', async () => {
    await engine.openStartSource();
    const demo = await engine.context.connections.get(DEMO);
    const first = await demoPglite(demo.database);

    const own = await engine.call('investigation.run', { source: { kind: 'url', url }, filters });
    expect(own.errors.length).toBeGreaterThan(0);
    await expect.poll(() => first.closed).toBe(true);

    // A handle taken before the release still reads: the demo opens again.
    const count = await demo.database.readOnly((sql) =>
      sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs"'),
    );
    expect(count[0]!.n).toBeGreaterThan(0);
    const second = await demoPglite(demo.database);
    expect(second).not.toBe(first);
    expect(second.closed).toBe(false);

    // Each use of another source releases it again.
    await engine.call('investigation.run', { source: { kind: 'url', url }, filters });
    await expect.poll(() => second.closed).toBe(true);
  });
});
