import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The run's one PostgreSQL server (global-setup.ts), as test files see it. */
export interface SharedPostgres {
  host: string;
  port: number;
  dir: string;
}

/** The demo's week as LiteLLM tables, generated at TEST_NOW; never connected to, only cloned. */
export const DEMO_TEMPLATE = 'logdesk_demo_template';

const url = (pgs: SharedPostgres, database: string) => `postgres://postgres@${pgs.host}:${pgs.port}/${database}`;

async function asSuperuser<T>(pgs: SharedPostgres, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: pgs.host, port: pgs.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

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
      await asSuperuser(pgs, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${DEMO_TEMPLATE}"`));
      return url(pgs, name);
    } catch (err) {
      if (attempt >= 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
