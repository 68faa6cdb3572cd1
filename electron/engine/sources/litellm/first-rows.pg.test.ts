import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters, type FiltersInput } from '../../../../shared/filters.ts';
import type { ErrorRow } from '../../../../shared/investigation.ts';
import { parsePostgresUrl } from '../../../../shared/source-url.ts';
import { PgDatabase } from '../../db/pg-database.ts';
import { generateDemoData } from '../../demo/generator.ts';
import { loadDemoData } from '../../demo/loader.ts';
import { demoScenario } from '../../demo/scenario.ts';
import { HOSTILE_ALIAS, loadFixture, RANGE } from '../../../test-support/litellm-fixture.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../../test-support/pg-server.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { events, type EventName } from '../../../../shared/contract/index.ts';
import { finishedResult } from '../../../../shared/contract/job-results.ts';
import { createEngine } from '../../engine.ts';
import { nodePlatform } from '../../platform/node-platform.ts';
import type { InvestigateOptions } from '../call-source.ts';
import { investigate } from './investigate.ts';

let server: TestPostgres;
const open: PgDatabase[] = [];
const NOW = Date.parse('2026-03-20T15:37:00Z');

function database(name: string): PgDatabase {
  const db = new PgDatabase({ target: parsePostgresUrl(server.url(name)).target });
  open.push(db);
  return db;
}

async function createLoaded(
  name: string,
  load: (exec: (s: string, p?: readonly unknown[]) => Promise<unknown>) => Promise<void>,
) {
  await server.createDatabase(name);
  const client = new pg.Client({ connectionString: server.url(name) });
  await client.connect();
  await load((sql, params) => client.query(sql, params as unknown[]));
  await client.end();
}

/** Runs the investigation with first rows, noting what came when. */
async function withFirstRows(
  name: string,
  filters: FiltersInput,
  options: Omit<InvestigateOptions, 'now'> = {},
) {
  const log: string[] = [];
  let first: ErrorRow[] | null = null;
  const result = await investigate(database(name), Filters.parse(filters), {
    now: NOW,
    ...options,
    onProgress: (message) => log.push(message),
    onFirstRows: (rows) => {
      log.push('first rows');
      first = rows;
    },
  });
  log.push('result');
  return { result, first: first as ErrorRow[] | null, log };
}

const fixtureRange = (extra: FiltersInput = {}): FiltersInput => ({
  timeRange: { kind: 'absolute', ...RANGE },
  limit: 100,
  ...extra,
});
const demoWeek = (extra: FiltersInput = {}): FiltersInput => ({
  timeRange: { kind: 'relative', last: '7d' },
  limit: 1000,
  ...extra,
});

beforeAll(async () => {
  server = await startPostgres();
  await createLoaded('modern', (exec) => loadFixture(exec));
  await createLoaded('legacy', (exec) =>
    loadFixture(exec, { withStatusColumn: false, withVerificationToken: false }),
  );
  await createLoaded('no_errorlogs', (exec) => loadFixture(exec, { withErrorLogs: false }));
  // request_id not unique (a partitioned copy has no such key): a success row sharing a failed row's id joins the set.
  await createLoaded('not_unique', async (exec) => {
    await loadFixture(exec);
    await exec(`ALTER TABLE "LiteLLM_SpendLogs" DROP CONSTRAINT "LiteLLM_SpendLogs_pkey"`);
    await exec(`INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", status, model, metadata)
      SELECT request_id, "startTime" + interval '1 second', "endTime", 'success', model, '{}'::jsonb
        FROM "LiteLLM_SpendLogs" WHERE status = 'failure' LIMIT 2`);
  });
  await createLoaded('demo', (exec) => loadDemoData(exec, generateDemoData(demoScenario, NOW)));
  // An older proxy that logged no failure to SpendLogs: the attempts stand in and are read (issue 19).
  const oldProxy = async (exec: (s: string) => Promise<unknown>) => {
    await loadDemoData(exec, generateDemoData(demoScenario, NOW));
    await exec(`DELETE FROM "LiteLLM_SpendLogs" WHERE COALESCE(status, metadata->>'status') <> 'success'`);
  };
  await createLoaded('old_proxy', oldProxy);
  // ErrorLogs read through a view that sleeps 0.2 ms per row: every statement that scans it is slow for real
  // (the week's attempts: over a second a scan, far beyond the 50 ms first-rows timeout below).
  await createLoaded('slow', async (exec) => {
    await oldProxy(exec);
    await exec(`ALTER TABLE "LiteLLM_ErrorLogs" RENAME TO error_rows`);
    await exec(`CREATE VIEW "LiteLLM_ErrorLogs" AS
      SELECT e.* FROM error_rows e WHERE (SELECT pg_sleep(0.0002 + 0 * length(e.request_id)))::text = ''`);
  });
}, 300_000);

afterAll(async () => {
  await Promise.all(open.map((db) => db.close()));
  if (server) await destroyPostgres(server);
});

describe('first rows: the newest errors before the totals, exactly the final result’s', () => {
  const cases: [string, string, FiltersInput][] = [
    ['modern', 'the hand-written edge cases', fixtureRange()],
    [
      'modern',
      'a key alias (the VerificationToken fallback)',
      fixtureRange({ keyAliases: [HOSTILE_ALIAS, 'team-a-key'] }),
    ],
    ['modern', 'an error type and a text', fixtureRange({ errorTypes: ['RateLimitError'], text: 'rate' })],
    ['modern', 'limit 2 (fewer than a screen)', fixtureRange({ limit: 2 })],
    ['legacy', 'no status column, no VerificationToken', fixtureRange()],
    ['no_errorlogs', 'no ErrorLogs', fixtureRange()],
    ['not_unique', 'request_id not unique', fixtureRange()],
    ['demo', 'a week of demo traffic', demoWeek()],
    [
      'demo',
      'a model and an excluded key',
      demoWeek({ models: ['gpt-4o'], exclude: { keyAliases: ['support-bot'] } }),
    ],
    ['demo', 'exactly one screen', demoWeek({ limit: 100 })],
  ];
  it.each(cases)('%s, %s', async (name, _label, filters) => {
    // A generous bound: these check the rows, not the guard (a loaded machine can pass 250 ms).
    const { result, first, log } = await withFirstRows(name, filters, { firstRowsTimeoutMs: 30_000 });
    expect(result.errors.length).toBeGreaterThan(0);
    // Same rows, same order, same fields: the start of the final result.
    expect(first).toEqual(result.errors.slice(0, Math.min(100, Filters.parse(filters).limit)));
    // Before the aggregate statement runs.
    expect(log.indexOf('first rows')).toBeLessThan(log.indexOf('Counting the matching errors'));
    // The result itself is the one an investigation without first rows returns.
    const plain = await investigate(database(name), Filters.parse(filters), { now: NOW });
    expect(result).toEqual(plain);
  });

  it('no matching error: an empty first screen, then the empty result', async () => {
    const { result, first } = await withFirstRows(
      'modern',
      fixtureRange({ text: 'no such message anywhere' }),
      { firstRowsTimeoutMs: 30_000 },
    );
    expect(first).toEqual([]);
    expect(result.total).toBe(0);
  });

  it('a first-rows statement past its short timeout is abandoned; the investigation goes on in the same transaction', async () => {
    // The standing-in ErrorLogs branch reads the slow view: far beyond 50 ms. The aggregate then runs for
    // over a second under the session's own timeout (the savepoint undid the short one).
    const { result, first, log } = await withFirstRows('slow', demoWeek(), { firstRowsTimeoutMs: 50 });
    expect(first).toBeNull();
    expect(log).toEqual([
      'Reading the newest errors',
      'Counting the matching errors',
      'Counting the failed attempts',
      'result',
    ]);
    const plain = await investigate(database('old_proxy'), Filters.parse(demoWeek()), { now: NOW });
    expect(result).toEqual(plain);
  }, 120_000);
});

describe('investigation.start streams the first rows as a typed event', () => {
  it('before any other result, the same rows as the start of the finished result', async () => {
    const home = mkdtempSync(join(tmpdir(), 'logdesk-first-rows-'));
    const engine = createEngine(nodePlatform({ LOGDESK_HOME: home }));
    try {
      const seen: [EventName, unknown][] = [];
      const stop = engine.listen((name, payload) => void seen.push([name, payload]));
      const { jobId } = await engine.call('investigation.start', {
        source: { kind: 'url', url: server.url('demo') },
        filters: {
          timeRange: {
            kind: 'absolute',
            from: new Date(NOW - 86_400_000).toISOString(),
            to: new Date(NOW).toISOString(),
          },
          limit: 500,
        },
      });
      await expect
        .poll(
          () => seen.some(([name, p]) => name === 'job.finished' && (p as { jobId: string }).jobId === jobId),
          { timeout: 60_000 },
        )
        .toBe(true);
      stop();
      const mine = seen.filter(([, p]) => (p as { jobId: string }).jobId === jobId);
      const names = mine.map(([name]) => name);
      expect(names.filter((n) => n === 'investigation.firstRows')).toHaveLength(1);
      expect(names.indexOf('investigation.firstRows')).toBeLessThan(names.indexOf('job.finished'));
      const firstPayload = events['investigation.firstRows'].parse(
        mine.find(([n]) => n === 'investigation.firstRows')![1],
      );
      const result = finishedResult(
        events['job.finished'].parse(mine.find(([n]) => n === 'job.finished')![1]),
        'investigation.run',
      );
      expect(firstPayload.rows).toHaveLength(100);
      expect(firstPayload.rows).toEqual(result.errors.slice(0, 100));
      // The progress said the rows were being read, then counted.
      const messages = mine
        .filter(([n]) => n === 'job.progress')
        .map(([, p]) => (p as { message?: string }).message);
      expect(messages.indexOf('Reading the newest errors')).toBeLessThan(
        messages.indexOf('Counting the matching errors'),
      );
    } finally {
      await engine.close();
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('SqlRunner.bounded on a PostgreSQL connection', () => {
  it('gives up at its own timeout, then the session has its own timeout back', async () => {
    const db = database('modern');
    const after = await db.readOnly(
      async (sql) => {
        expect(await sql.bounded!('SELECT pg_sleep(2) AS slept', [], 50)).toBeNull();
        const [row] = await sql.query<{ t: string }>(`SELECT current_setting('statement_timeout') AS t`);
        await sql.query('SELECT pg_sleep(0.2)'); // past the short timeout: it would fail were it still set
        return row?.t;
      },
      { timeoutMs: 20_000 },
    );
    expect(after).toBe('20s');
  });

  it('Stop during it cancels the statement on the server and the read fails as CANCELLED', async () => {
    const db = database('modern');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const began = Date.now();
    await expect(
      db.readOnly((sql) => sql.bounded!('SELECT pg_sleep(120)', [], 150_000), { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - began).toBeLessThan(60_000); // the statement asks for 120 s
    const admin = new pg.Client({ connectionString: server.url('modern') });
    await admin.connect();
    const { rows } = await admin.query(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'logdesk' AND state <> 'idle' AND pid <> pg_backend_pid()`,
    );
    await admin.end();
    expect(rows).toEqual([]);
  });
});
