import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { prepareDemoSnapshot } from '../engine/demo/demo-database.ts';
import { generateDemoData } from '../engine/demo/generator.ts';
import { loadDemoData } from '../engine/demo/loader.ts';
import { demoScenario } from '../engine/demo/scenario.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from './pg-server.ts';
import { SHARED_CACHE } from './run-cli.ts';
import { DEMO_TEMPLATE, type SharedPostgres } from './shared-postgres.ts';
import { TEST_NOW } from './test-clock.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedPostgres: SharedPostgres;
  }
}

/** The demo snapshot and the run's server, once for the whole process whichever projects ask for it. */
async function startShared(): Promise<{ info: SharedPostgres; server: TestPostgres }> {
  // The embedded demo's snapshot at TEST_NOW, made once here rather than by whichever files race to need it first
  // (kept across runs: when it is there, nothing is opened).
  const demo = prepareDemoSnapshot(SHARED_CACHE, TEST_NOW);
  // Every file that needs no server of its own works here (shared-postgres.ts): room for all their pools.
  const server = await startPostgres({ maxConnections: 400 });
  await server.createDatabase(DEMO_TEMPLATE);
  const client = new pg.Client({ connectionString: server.url(DEMO_TEMPLATE) });
  await client.connect();
  try {
    await loadDemoData(
      (sql, params) => client.query(sql, params as unknown[]),
      generateDemoData(demoScenario, TEST_NOW),
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  await demo;
  return { info: { host: server.host, port: server.port, dir: server.dir }, server };
}

const SHARED = Symbol.for('logdesk.test.sharedPostgres');
type Holder = { [SHARED]?: { ready: ReturnType<typeof startShared>; users: number } };

/**
 * One PostgreSQL server for the whole run, holding the demo's week (generated at TEST_NOW) as a
 * template database: a test file clones it in a fraction of a second (CREATE DATABASE … TEMPLATE)
 * instead of opening the embedded demo in every CLI process (seconds each) or starting a server.
 * Each project that names this file calls it (integration and e2e): they share the one server, and
 * the last one's teardown stops it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const holder = globalThis as Holder;
  const shared = (holder[SHARED] ??= { ready: startShared(), users: 0 });
  shared.users++;
  const { info, server } = await shared.ready;
  project.provide('sharedPostgres', info);
  return async () => {
    if (--shared.users > 0) return;
    delete holder[SHARED];
    await destroyPostgres(server);
  };
}
