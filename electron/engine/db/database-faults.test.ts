import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { installContainerCli, type ContainerCli } from '../../test-support/container-cli.ts';
import { ownProcesses } from '../../test-support/own-processes.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { ExecDatabase } from '../transports/exec/exec-database.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import type { Database } from './database.ts';
import { PgDatabase } from './pg-database.ts';

/**
 * The fault suite's database side: a backend frozen with kill -STOP, a backend killed mid-query, a
 * missing password. Each fails with its real cause within a bounded time, and the next read works.
 */
let server: TestPostgres;
let cli: ContainerCli;
const opened: Database[] = [];

beforeAll(async () => {
  server = await startPostgres({ passwordAuth: true });
  await server.exec(`CREATE ROLE reader LOGIN PASSWORD 'reader-pw'`);
  cli = installContainerCli({ pgHost: server.host, pgPort: server.port, containers: ['pg'], pods: [] });
});

afterAll(async () => {
  await Promise.all(opened.map((db) => db.close()));
  cli?.remove();
  if (server) await destroyPostgres(server);
});

const STATEMENT_TIMEOUT_MS = 2_000;

function direct(password: string | null = 'reader-pw'): PgDatabase {
  const db = new PgDatabase({
    target: parsePostgresUrl(server.url('postgres', 'reader')).target,
    password: password ?? undefined,
    statementTimeoutMs: STATEMENT_TIMEOUT_MS,
  });
  opened.push(db);
  return db;
}

function exec(): ExecDatabase {
  const db = new ExecDatabase({
    settings: {
      runner: { kind: 'docker', container: 'pg' },
      database: 'postgres',
      user: 'reader',
      psql: 'psql',
    },
    password: 'reader-pw',
    env: cli.env,
    statementTimeoutMs: STATEMENT_TIMEOUT_MS,
  });
  opened.push(db);
  return db;
}

async function backendRunning(probe: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await server.exec(
      `SELECT pid FROM pg_stat_activity WHERE query LIKE $1 AND pid <> pg_backend_pid()`,
      [`%${probe}%`],
    );
    if (rows[0]) return rows[0].pid as number;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no backend runs ${probe}`);
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AppError,
  );

describe.each([
  ['direct', direct],
  ['exec', exec],
] as const)('a frozen backend (%s)', (_name, open) => {
  it('fails just after the statement timeout with "no answer from the server", then reads again once thawed', async () => {
    const db = open();
    const started = Date.now();
    // The session's own backend is frozen before the statement is sent: no race with a statement
    // that could end before the freeze (a 1 s sleep did, at load 9 with two suites at once).
    let pid: number | null = null;
    const reading = failure(
      db.readOnly(async (sql) => {
        const [own] = await sql.query<{ pid: string | number }>('SELECT pg_backend_pid() AS pid');
        pid = Number(own!.pid);
        process.kill(pid, 'SIGSTOP');
        return sql.query(`SELECT 'frozen-probe-${_name}' AS probe`);
      }),
    );
    let err: AppError | null;
    try {
      err = await reading;
    } finally {
      if (pid !== null) process.kill(pid, 'SIGCONT');
    }
    const ms = Date.now() - started;
    expect(err).toBeInstanceOf(AppError);
    expect(err!.code).toBe('TIMEOUT');
    expect(err!.message).toMatch(/^No answer from the server for 4 s \(postgres:\/\/reader@/);
    // Bounded: the statement timeout (2 s) plus the client's grace, never the OS's minutes.
    expect(ms).toBeLessThan(15_000);
    const [row] = await db.readOnly((sql) => sql.query<{ n: string | number }>('SELECT 7 AS n'));
    expect(Number(row!.n)).toBe(7);
  }, 40_000);
});

describe('a backend lost mid-query (direct)', () => {
  it('says the connection was lost mid-query (not "Cannot connect"), and the next read works after recovery', async () => {
    const db = direct();
    const reading = failure(db.readOnly((sql) => sql.query(`SELECT pg_sleep(20), 'lost-probe' AS probe`)));
    const pid = await backendRunning('lost-probe');
    process.kill(pid, 'SIGKILL');
    const err = await reading;
    expect(err!.code).toBe('CONNECTION_FAILED');
    expect(err!.message).toMatch(/was lost mid-query|is shutting down or not accepting connections/);
    expect(err!.message).not.toMatch(/Cannot connect/);
    // The postmaster restarts its backends after a crash: retry until it accepts reads again.
    let value: number | null = null;
    for (let i = 0; i < 50 && value === null; i++) {
      value = await db
        .readOnly((sql) => sql.query<{ n: number }>('SELECT 8 AS n'))
        .then(
          (r) => Number(r[0]!.n),
          () => null,
        );
      if (value === null) await new Promise((r) => setTimeout(r, 200));
    }
    expect(value).toBe(8);
  }, 40_000);
});

describe('a missing password', () => {
  it('says the server asks for a password and none was given, and what to do', async () => {
    const err = await failure(direct(null).readOnly((sql) => sql.query('SELECT 1')));
    expect(err!.code).toBe('AUTH_FAILED');
    expect(err!.message).toMatch(/asks for a password and none was given: put it in the URL, in PGPASSWORD/);
    expect(err!.message).not.toMatch(/SASL|SCRAM/);
  });
});

describe('PostgreSQL restarted mid-query (direct)', () => {
  it('fails that read naming the lost connection, and the next read after the restart succeeds', async () => {
    const db = direct();
    const reading = failure(db.readOnly((sql) => sql.query(`SELECT pg_sleep(20), 'restart-probe' AS probe`)));
    await backendRunning('restart-probe');
    await server.stop();
    const err = await reading;
    await server.start();
    expect(err!.code).toBe('CONNECTION_FAILED');
    expect(err!.message).toMatch(/was lost mid-query|is shutting down/);
    const [row] = await db.readOnly((sql) => sql.query<{ n: number }>('SELECT 9 AS n'));
    expect(Number(row!.n)).toBe(9);
  }, 40_000);
});

describe('the exec child killed mid-query', () => {
  it('fails that read saying psql ended, and the next read starts a new session', async () => {
    const db = exec();
    const reading = failure(db.readOnly((sql) => sql.query(`SELECT pg_sleep(20), 'killed-probe' AS probe`)));
    await backendRunning('killed-probe');
    // Its own psql only: another suite on the machine runs this same test, and killing its psql failed it.
    // (psql itself, not a `sh -c` that starts it)
    const psql = ownProcesses(/^(?!.*sh -c).*psql -X -q -w .*(-U |--username=)reader/);
    expect(psql.length).toBeGreaterThan(0);
    for (const pid of psql) process.kill(pid, 'SIGKILL');
    const err = await reading;
    expect(err).toBeInstanceOf(AppError);
    expect(err!.code).not.toBe('INTERNAL');
    expect(err!.message).toMatch(/psql/);
    const [row] = await db.readOnly((sql) => sql.query<{ n: string }>('SELECT 10 AS n'));
    expect(Number(row!.n)).toBe(10);
  }, 40_000);
});
