import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { superuserQuery, type TestPostgres } from './pg-server.ts';

/** The run's one PostgreSQL server (global-setup.ts), as test files see it. */
export interface SharedPostgres {
  host: string;
  port: number;
  dir: string;
}

/** The demo's week as LiteLLM tables, generated at TEST_NOW; never connected to, only cloned. */
export const DEMO_TEMPLATE = 'logdesk_demo_template';

const url = (pgs: SharedPostgres, database: string) =>
  `postgres://postgres@${pgs.host}:${pgs.port}/${database}`;

/** A statement on the shared server's `postgres` database (creating and dropping databases). */
const onServer = (pgs: SharedPostgres, sql: string) =>
  superuserQuery({ host: pgs.host, port: pgs.port, database: 'postgres' }, sql);

/**
 * A fresh copy of the demo's week in the shared server, for one test file: the same rows the
 * `--demo` source holds at TEST_NOW, read through a real PostgreSQL (`--url`). Returns its URL.
 */
export async function cloneDemoDatabase(prefix = 'demo'): Promise<string> {
  const pgs = inject('sharedPostgres');
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  // CREATE DATABASE refuses a template someone is connected to: should that ever be so for a moment, try again.
  for (let attempt = 0; ; attempt++) {
    try {
      await onServer(pgs, `CREATE DATABASE "${name}" TEMPLATE "${DEMO_TEMPLATE}"`);
      return url(pgs, name);
    } catch (err) {
      if (attempt >= 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * The run's server as this test file's own TestPostgres: no initdb and no server start per file
 * (seconds of CPU each on two cores). Its databases carry a prefix unique to the file —
 * `createDatabase('gateway')` makes `t3f9a1c_gateway`, `url('gateway')` and `exec(…, 'gateway')` go
 * there — so files never see each other's data. Only for files that touch nothing server-wide: a
 * file that stops the server, creates roles, changes settings or passes database names to a client
 * by hand starts its own (`startPostgres`). `destroyPostgres` drops the file's databases.
 */
export function sharedTestPostgres(): TestPostgres {
  const pgs = inject('sharedPostgres');
  const prefix = `t${randomBytes(4).toString('hex')}_`;
  const created = new Set<string>();
  const real = (database: string) => (database === 'postgres' ? database : `${prefix}${database}`);
  const exec = (sql: string, params: unknown[] = [], database = 'postgres') =>
    superuserQuery({ host: pgs.host, port: pgs.port, database: real(database) }, sql, params);
  const refuse = async () => {
    throw new Error(
      "sharedTestPostgres: the run's shared server cannot be stopped or started; use startPostgres()",
    );
  };
  return {
    host: pgs.host,
    port: pgs.port,
    dir: pgs.dir,
    url: (database = 'postgres', user = 'postgres', password?: string) =>
      `postgres://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@${pgs.host}:${pgs.port}/${real(database)}`,
    exec,
    createDatabase: async (name) => {
      await onServer(pgs, `CREATE DATABASE "${real(name)}"`);
      created.add(real(name));
    },
    databaseName: real,
    stop: refuse,
    start: refuse,
    release: async () => {
      for (const name of created) await onServer(pgs, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      created.clear();
    },
  };
}
