import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../shared/connection.ts';
import type { CallArgs } from '../../../shared/contract/index.ts';
import { finishedResult } from '../../../shared/contract/job-results.ts';
import { runJob } from '../../cli/await-job.ts';
import { installContainerCli, type ContainerCli } from '../../test-support/container-cli.ts';
import { loadFixture, RANGE } from '../../test-support/litellm-fixture.ts';
import { createSlowDatabase } from '../../test-support/slow-litellm.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { createEngine, type Engine } from '../engine.ts';
import { nodePlatform } from '../platform/node-platform.ts';

let server: TestPostgres;
let cli: ContainerCli;
let engine: Engine;
let home: string;
let admin: pg.Client;
const originalPath = process.env.PATH;
const WEEK = { kind: 'absolute', from: '2026-03-04T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' } as const;

/** A big table: 120,000 SpendLogs failures over the week, analysed, so the planner knows its size. */
async function createBigDatabase(): Promise<void> {
  await server.createDatabase('big');
  const client = new pg.Client({ connectionString: server.url('big') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  await client.query(`INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", status, model, metadata)
    SELECT 'big-' || i, timestamp '2026-03-04 00:00:00' + i * interval '2 seconds', timestamp '2026-03-04 00:00:00' + i * interval '2 seconds',
           'failure', 'gpt-4o', '{"error_information": {"error_class": "RateLimitError", "error_code": "429"}}'
      FROM generate_series(1, 120000) AS i`);
  await client.query('ANALYZE');
  await client.end();
}

beforeAll(async () => {
  server = await startPostgres();
  await createSlowDatabase(server);
  await createBigDatabase();
  admin = new pg.Client({ connectionString: server.url('postgres') });
  await admin.connect();
  cli = installContainerCli({
    pgHost: '127.0.0.1',
    pgPort: server.port,
    containers: ['litellm-db'],
    pods: [],
  });
  process.env.PATH = cli.path; // the engine runs docker from PATH, like a user's shell
  home = mkdtempSync(join(tmpdir(), 'logdesk-investigation-job-'));
  engine = createEngine(nodePlatform({ LOGDESK_HOME: home }));
  await engine.call('profiles.save', {
    profile: {
      name: 'slow-exec',
      transport: 'exec',
      exec: { runner: { kind: 'docker', container: 'litellm-db' }, database: 'slow', user: 'postgres' },
    },
  });
}, 300_000);

afterAll(async () => {
  await engine?.close();
  process.env.PATH = originalPath;
  cli?.remove();
  await admin?.end();
  if (server) await destroyPostgres(server);
  if (home) rmSync(home, { recursive: true, force: true });
});

interface Backend {
  pid: number;
  state: string | null;
  query: string;
}

/** Logdesk's backends on the test server (direct pools and psql over exec both say application_name logdesk). */
async function logdeskBackends(): Promise<Backend[]> {
  const { rows } = await admin.query<Backend>(
    `SELECT pid, state, query FROM pg_stat_activity WHERE application_name = 'logdesk' AND pid <> pg_backend_pid()`,
  );
  return rows;
}

const running = (backends: Backend[]) => backends.filter((b) => b.state !== 'idle');

function start(args: CallArgs<'investigation.start'>) {
  let jobId = '';
  const finished = runJob(engine, async () => {
    const started = await engine.call('investigation.start', args);
    jobId = started.jobId;
    return started;
  });
  return { finished, jobId: () => jobId };
}

async function cancelsOnTheServer(source: Source, expectIdleLeft: boolean): Promise<void> {
  const before = new Set((await logdeskBackends()).map((b) => b.pid));
  const job = start({ source, filters: { timeRange: WEEK } });
  // The real query is running on the server: a Logdesk backend reads the slow view.
  await expect
    .poll(async () => running(await logdeskBackends()).some((b) => b.query.includes('LiteLLM_ErrorLogs')), {
      timeout: 60_000,
      interval: 200,
    })
    .toBe(true);
  const cancelledAt = Date.now();
  expect(await engine.call('job.cancel', { jobId: job.jobId() })).toEqual({ cancelled: true });
  const end = await job.finished;
  expect(end.status).toBe('cancelled');
  expect(end.error?.code).toBe('CANCELLED');
  // Cancelled long before the ~2 minutes the query needs, and nothing of it keeps running.
  await expect
    .poll(async () => running(await logdeskBackends()), { timeout: 60_000, interval: 200 })
    .toEqual([]);
  expect(Date.now() - cancelledAt).toBeLessThan(60_000);
  // Over exec nothing stays at all (another test's idle pooled connection may).
  if (!expectIdleLeft) expect((await logdeskBackends()).filter((b) => !before.has(b.pid))).toEqual([]);
}

describe('investigation.start: a job that really cancels', () => {
  it('over a direct connection, pg_cancel_backend stops the statement (only the idle pooled connection stays)', async () => {
    await cancelsOnTheServer({ kind: 'url', url: server.url('slow') }, true);
  }, 120_000);

  it('over exec, psql is killed and its backend cancelled: no Logdesk backend is left at all', async () => {
    await cancelsOnTheServer({ kind: 'profile', name: 'slow-exec' }, false);
  }, 120_000);

  it('closing the engine (the window, the web server) cancels a running investigation first', async () => {
    const other = createEngine(nodePlatform({ LOGDESK_HOME: mkdtempSync(join(tmpdir(), 'logdesk-close-')) }));
    const before = new Set((await logdeskBackends()).map((b) => b.pid));
    const finished = runJob(other, () =>
      other.call('investigation.start', {
        source: { kind: 'url', url: server.url('slow') },
        filters: { timeRange: WEEK },
      }),
    );
    await expect
      .poll(async () => running(await logdeskBackends()).some((b) => !before.has(b.pid)), {
        timeout: 60_000,
        interval: 200,
      })
      .toBe(true);
    await other.close();
    expect((await finished).status).toBe('cancelled');
    await expect
      .poll(async () => (await logdeskBackends()).filter((b) => !before.has(b.pid)), {
        timeout: 60_000,
        interval: 200,
      })
      .toEqual([]);
  }, 120_000);

  it('finishes with the typed result like investigation.run', async () => {
    const job = start({
      source: { kind: 'url', url: server.url('big') },
      filters: { timeRange: { kind: 'absolute', ...RANGE } },
    });
    const end = await job.finished;
    expect(end.status).toBe('done');
    const direct = await engine.call('investigation.run', {
      source: { kind: 'url', url: server.url('big') },
      filters: { timeRange: { kind: 'absolute', ...RANGE } },
    });
    expect(finishedResult(end, 'investigation.run').total).toBe(direct.total);
  }, 120_000);
});

describe('investigation.start: warning before a huge scan', () => {
  const big: Source = { kind: 'url', url: '' };
  beforeAll(() => {
    big.url = server.url('big');
  });

  it('refuses with LARGE_SCAN and the estimate when EXPLAIN expects more rows than the threshold', async () => {
    const end = await start({ source: big, filters: { timeRange: WEEK }, largeScanRows: 50_000 }).finished;
    expect(end.status).toBe('failed');
    expect(end.error?.code).toBe('LARGE_SCAN');
    const estimate = Number(end.error?.detail);
    // The 120,000 rows of SpendLogs are read whatever the status filter keeps.
    expect(estimate).toBeGreaterThanOrEqual(120_000);
    expect(end.error?.message).toContain(estimate.toLocaleString('en-US'));
    expect(end.error?.message).toContain('50,000');
  }, 120_000);

  it('runs it with runAnyway, and without a warning under the default threshold', async () => {
    const anyway = await start({
      source: big,
      filters: { timeRange: WEEK, limit: 5 },
      largeScanRows: 50_000,
      runAnyway: true,
    }).finished;
    expect(anyway.status).toBe('done');
    expect(finishedResult(anyway, 'investigation.run').total).toBeGreaterThan(119_000);
    const normal = await start({ source: big, filters: { timeRange: WEEK, limit: 5 } }).finished;
    expect(normal.status).toBe('done');
  }, 120_000);
});
