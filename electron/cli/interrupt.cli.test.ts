import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyPostgres, startPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { SHARED_CACHE, tempHome } from '../test-support/run-cli.ts';
import { createSlowDatabase } from '../test-support/slow-litellm.ts';

/** Issue #18, defect 9: Ctrl+C during the query exited 3; README says 130. */
let server: TestPostgres;
let admin: pg.Client;

beforeAll(async () => {
  server = await startPostgres();
  await createSlowDatabase(server);
  admin = new pg.Client({ connectionString: server.url('postgres') });
  await admin.connect();
}, 120_000);

afterAll(async () => {
  await admin?.end();
  if (server) await destroyPostgres(server);
});

/** Logdesk's statements running on the server now. */
async function running(): Promise<number> {
  const { rows } = await admin.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'logdesk' AND state = 'active' AND pid <> pg_backend_pid()`,
  );
  return rows[0]!.n;
}

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('logdesk investigate interrupted with Ctrl+C while its query runs', () => {
  it('cancels the statement on the server and exits 130', async () => {
    const child = spawn(
      process.execPath,
      [
        resolve(import.meta.dirname, '../../bin/logdesk.mjs'),
        'investigate',
        '--url',
        server.url('slow'),
        '--from',
        '2026-03-04T00:00:00Z',
        '--to',
        '2026-03-11T00:00:00Z',
        '--timeout',
        '600',
      ],
      {
        env: { ...process.env, LOGDESK_HOME: tempHome(), LOGDESK_CACHE_DIR: SHARED_CACHE },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    // The slow view keeps the query running for about 2 minutes: interrupt once the server shows it.
    expect(await until(async () => (await running()) > 0, 90_000), 'the query never started').toBe(true);
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/Interrupted: the query was cancelled on the server/);
    // Cancelled on the server, long before the view's 2 minutes were over.
    expect(await until(async () => (await running()) === 0, 60_000)).toBe(true);
  }, 180_000);
});
