import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import type { ResolvedQuery } from '../../../shared/investigation.ts';
import { bucketStarts } from '../../../shared/time-range.ts';
import { generateBenchDb } from '../../../scripts/bench-db.ts';
import { installContainerCli } from '../../test-support/container-cli.ts';
import { observedDatabase } from '../../test-support/observed-database.ts';
import { ExecDatabase } from '../transports/exec/exec-database.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import type { Database, ReadOptions } from '../db/database.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { createDemoDatabase } from '../demo/demo-database.ts';
import { generateDemoData } from '../demo/generator.ts';
import { loadDemoData } from '../demo/loader.ts';
import { demoScenario } from '../demo/scenario.ts';
import { dimensionSeries } from '../sources/litellm/dimension-series.ts';
import { forEachErrorPage } from '../sources/litellm/error-pages.ts';
import { resolveQuery } from '../query/resolve-query.ts';
import type { CallSource, PatternCells } from '../sources/call-source.ts';
import { LiteLLMSource } from '../sources/litellm/litellm-source.ts';
import { computeInsights } from './insights.ts';
import { investigate } from '../sources/litellm/investigate.ts';
import { MESSAGE_KEY_SQL, patternCells } from '../sources/litellm/pattern-cells.ts';
import { maskMessage } from './mask.ts';
import { PatternGrouper } from './pattern-grouper.ts';

/**
 * The database's pre-grouping must give exactly the patterns (templates, counts, per-pattern stats,
 * examples) and spike series of grouping every row in Node, as before.
 */
let server: TestPostgres;
const open: Database[] = [];
const NOW = Date.UTC(2026, 2, 10, 12);

async function both(db: Database, query: ResolvedQuery) {
  const buckets = bucketStarts(query, query.bucketSeconds);
  const grid = {
    startMs: Date.parse(buckets[0]!),
    bucketSeconds: query.bucketSeconds,
    count: buckets.length,
  };
  const rowByRow = new PatternGrouper(grid);
  await forEachErrorPage(db, query, (rows) => rows.forEach((r) => rowByRow.add(r)));
  const { series } = await dimensionSeries(db, query);
  const grouped = async (rawLimit?: number) => {
    const pre = await patternCells(db, query, rawLimit === undefined ? {} : { rawLimit });
    const grouper = new PatternGrouper(grid);
    for (const cell of pre.cells) grouper.addCell(cell);
    return { result: { ...grouper.result(10_000), series: pre.series }, cells: pre.cells.length };
  };
  // Keyed in Node (error sets up to RAW_CELLS_LIMIT) and keyed in SQL (past it).
  const [inNode, inSql] = [await grouped(), await grouped(0)];
  // Read with the investigation (one error set for the whole picture), both ways.
  const withInvestigation = async (rawLimit?: number) => {
    let cells: Promise<PatternCells | null> | undefined;
    const filters = Filters.parse({ timeRange: { kind: 'absolute', from: query.from, to: query.to } });
    const investigation = await investigate(db, filters, {
      now: Date.parse(query.to),
      onPatternCells: (c) => (cells = c),
      ...(rawLimit === undefined ? {} : { rawLimit }),
    });
    expect(investigation).toEqual(await investigate(db, filters, { now: Date.parse(query.to) }));
    const pre = await cells!;
    if (!pre) return null;
    const grouper = new PatternGrouper(grid);
    for (const cell of pre.cells) grouper.addCell(cell);
    return { ...grouper.result(10_000), series: pre.series };
  };
  return {
    old: { ...rowByRow.result(10_000), series },
    now: inNode.result,
    sqlKeyed: inSql.result,
    cells: inSql.cells,
    readWithInvestigation: await withInvestigation(),
    keyedWithInvestigation: await withInvestigation(0),
  };
}

const queryOf = (from: number, to: number) =>
  resolveQuery(
    Filters.parse({
      timeRange: { kind: 'absolute', from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    }),
    to,
  );

async function pgDatabase(name: string, load: (client: pg.Client) => Promise<void>): Promise<Database> {
  await server.createDatabase(name);
  const client = new pg.Client({ connectionString: server.url(name) });
  await client.connect();
  try {
    await load(client);
  } finally {
    await client.end();
  }
  const db = new PgDatabase({ target: parsePostgresUrl(server.url(name)).target });
  open.push(db);
  return db;
}

beforeAll(async () => {
  server = await startPostgres();
}, 120_000);

afterAll(async () => {
  for (const db of open) await db.close();
  if (server) await destroyPostgres(server);
});

/** `streamed`: the session streams rows, so the investigation reads the patterns' cells too. */
function expectSame(result: Awaited<ReturnType<typeof both>>, streamed = true) {
  const withInvestigation = [result.readWithInvestigation, result.keyedWithInvestigation];
  if (streamed) expect(withInvestigation).not.toContain(null);
  else expect(withInvestigation).toEqual([null, null]);
  for (const now of [result.now, result.sqlKeyed, ...withInvestigation.filter((r) => r !== null)]) {
    expect(now.patternCount).toBe(result.old.patternCount);
    expect(now.patterns.map((p) => [p.template, p.count])).toEqual(
      result.old.patterns.map((p) => [p.template, p.count]),
    );
    expect(now).toEqual(result.old);
  }
}

describe('patterns pre-grouped in SQL', () => {
  it('equal row-by-row grouping on the demo data, in PostgreSQL and in PGlite', async () => {
    const data = generateDemoData(demoScenario, NOW);
    const db = await pgDatabase('demo', (c) =>
      loadDemoData((sql, params) => c.query(sql, params as unknown[]), data),
    );
    const week = await both(db, queryOf(NOW - 7 * 86_400_000, NOW));
    expectSame(week);
    expect(week.old.patterns.length).toBeGreaterThan(3);
    // Far fewer cells than errors: the point of keying in SQL.
    expect(week.cells).toBeLessThan(week.old.patterns.reduce((a, p) => a + p.count, 0) / 5);
    expectSame(await both(db, queryOf(NOW - 86_400_000, NOW)));

    // psql over exec: the same cells (JSON arrives as text there), the same patterns.
    const cli = installContainerCli({
      pgHost: server.host,
      pgPort: server.port,
      containers: ['litellm-db'],
      pods: [],
    });
    const exec = new ExecDatabase({
      settings: {
        runner: { kind: 'docker', container: 'litellm-db' },
        database: 'demo',
        user: 'postgres',
        psql: 'psql',
      },
      env: cli.env,
    });
    try {
      const overExec = await both(exec, queryOf(NOW - 7 * 86_400_000, NOW));
      // psql streams through COPY pages, not row by row: patterns read for themselves there.
      expectSame(overExec, false);
      expect(overExec.now).toEqual(week.now);
    } finally {
      await exec.close();
      cli.remove();
    }

    const lite = await createDemoDatabase({ now: NOW });
    open.push(lite);
    expectSame(await both(lite, queryOf(NOW - 7 * 86_400_000, NOW)), false);
  }, 240_000);

  it('equal row-by-row grouping on generated gateway data', async () => {
    const end = NOW;
    const db = await pgDatabase('bench', () =>
      generateBenchDb(server.url('bench'), { spendLogs: 20_000, days: 2, end }).then(() => undefined),
    );
    expectSame(await both(db, queryOf(end - 2 * 86_400_000, end)));
  }, 240_000);

  it('insights group the cells read with the investigation, read for themselves where none came, and stop waiting when cancelled', async () => {
    const db = await pgDatabase('handover', () =>
      generateBenchDb(server.url('handover'), { spendLogs: 3_000, days: 1, end: NOW }).then(() => undefined),
    );
    const query = queryOf(NOW - 86_400_000, NOW);
    const before = new Date(NOW - 2 * 86_400_000).toISOString();
    const source = new LiteLLMSource(db);
    const reads: string[] = [];
    const counted: CallSource = Object.assign(Object.create(source) as LiteLLMSource, {
      patternCells: (q: ResolvedQuery, o?: ReadOptions) => {
        reads.push(q.from);
        return source.patternCells(q, o);
      },
    });
    const alone = await computeInsights(counted, 'i', query);
    expect(alone.total).toBeGreaterThan(50);
    expect(reads).toEqual([query.from, before]);

    reads.length = 0;
    let cells: Promise<PatternCells | null> | undefined;
    const filters = Filters.parse({ timeRange: { kind: 'absolute', from: query.from, to: query.to } });
    await investigate(db, filters, { now: NOW, onPatternCells: (c) => (cells = c) });
    expect(await computeInsights(counted, 'i', query, { patternCells: cells! })).toEqual(alone);
    // Only the period before is read: the range's cells came with the investigation.
    expect(reads).toEqual([before]);

    // The period before and the spikes' contexts are read while the range's cells are grouped: both
    // reads start before the first of them ends.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const gated: CallSource = Object.assign(Object.create(source) as LiteLLMSource, {
      patternCells: (q: ResolvedQuery, o?: ReadOptions) => {
        started.push(`cells ${q.from}`);
        return held.then(() => source.patternCells(q, o));
      },
      spikeContexts: (...args: Parameters<CallSource['spikeContexts']>) => {
        started.push('contexts');
        return source.spikeContexts(...args);
      },
    });
    await investigate(db, filters, { now: NOW, onPatternCells: (c) => (cells = c) });
    const gatedInsights = computeInsights(gated, 'i', query, { patternCells: cells! });
    await vi.waitFor(() => expect(started).toEqual([`cells ${before}`, 'contexts']), { timeout: 30_000 });
    release();
    expect(await gatedInsights).toEqual(alone);

    // A read that failed after the investigation's answer hands over null.
    reads.length = 0;
    expect(await computeInsights(counted, 'i', query, { patternCells: Promise.resolve(null) })).toEqual(
      alone,
    );
    expect(reads).toEqual([query.from, before]);

    // Cancelled while the cells are still on their way: no wait for them.
    const controller = new AbortController();
    const waiting = computeInsights(counted, 'i', query, {
      patternCells: new Promise<never>(() => undefined),
      signal: controller.signal,
    });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
  }, 120_000);

  it('takes the order of tied times from the database, and keys in SQL only past the raw limit', async () => {
    // Errors sharing one startTime: which is the newest (the example, the order cells are grouped
    // in) is the database's order of request ids, which Node no longer sorts (collations differ).
    const ids = ['req-a', 'Req-B', 'req_c', '10', '9', 'ä-1', 'a-2', 'A-3', 'b', 'B'];
    const start = NOW - 3_600_000;
    const db = await pgDatabase('ties', async (c) => {
      await c.query(`CREATE TABLE "LiteLLM_ErrorLogs" (request_id text PRIMARY KEY, "startTime" timestamp(6), "endTime" timestamp(6),
        model_group text, litellm_model_name text, api_base text, exception_type text, exception_string text, status_code text)`);
      let n = 0;
      for (const [slot, micros] of [
        [0, 0],
        [0, 0],
        [1, 250],
        [2, 0],
      ] as const)
        for (const [i, id] of ids.entries()) {
          await c.query(
            `INSERT INTO "LiteLLM_ErrorLogs" (request_id, "startTime", model_group, exception_string, exception_type)
             VALUES ($1, $2::timestamp + make_interval(secs => $3::float8 / 1e6), $4, $5, 'APIError')`,
            [
              `${id}-${n++}`,
              new Date(start + slot * 60_000).toISOString(),
              micros,
              i % 3 ? 'gpt-4o' : 'claude',
              `Upstream failed for tenant ${i % 4} (${i % 2 ? 'retry' : 'final'})`,
            ],
          );
        }
    });
    const query = queryOf(start, NOW);
    expectSame(await both(db, query));

    // The limit: at as many errors as the raw limit the cells are keyed in Node, one fewer in SQL.
    const total = ids.length * 4;
    const statements: string[] = [];
    const observed = observedDatabase(db, (text) => statements.push(text));
    const keyedInSql = () => statements.some((t) => t.includes('regexp_replace'));
    const filters = Filters.parse({ timeRange: { kind: 'absolute', from: query.from, to: query.to } });
    const results = [];
    for (const rawLimit of [total, total - 1]) {
      statements.length = 0;
      const alone = await patternCells(observed, query, { rawLimit });
      const inSqlAlone = keyedInSql();
      statements.length = 0;
      let cells: Promise<PatternCells | null> | undefined;
      await investigate(observed, filters, { now: NOW, rawLimit, onPatternCells: (c) => (cells = c) });
      const withInvestigation = await cells!;
      results.push({ rawLimit, inSqlAlone, inSqlWithInvestigation: keyedInSql() });
      const grouped = (pre: PatternCells) => {
        const buckets = bucketStarts(query, query.bucketSeconds);
        const grouper = new PatternGrouper({
          startMs: Date.parse(buckets[0]!),
          bucketSeconds: query.bucketSeconds,
          count: buckets.length,
        });
        for (const cell of pre.cells) grouper.addCell(cell);
        return grouper.result(100);
      };
      expect(grouped(withInvestigation!)).toEqual(grouped(alone));
    }
    expect(results).toEqual([
      { rawLimit: total, inSqlAlone: false, inSqlWithInvestigation: false },
      { rawLimit: total - 1, inSqlAlone: true, inSqlWithInvestigation: true },
    ]);
  }, 120_000);

  it('never joins messages the JS mask tells apart (adversarial messages)', async () => {
    // Pieces that sit at the edges of what the SQL key replaces: ids, numbers, URLs, hex in both
    // cases, units, delimiters, non-ASCII spaces, the key's marker character, over-long text.
    const pieces = [
      '12',
      '12.5',
      '600.0',
      '-5',
      '+7',
      '450ms',
      '85%',
      '1.2.3.4',
      '10.0.0.1:8000',
      '2026-03-10',
      '10:00:00',
      'deadbeef12',
      'DEADBEEF12',
      'abcdef12',
      '1234567',
      'a1b2c3',
      '5x1f',
      '0x1f',
      'gpt-4o',
      'gpt-3o',
      'req_abc123def',
      'req_ab1',
      'REQ_abc123def',
      'chatcmpl-8xYz12AbC',
      'sk-abcdef123456',
      'org-abc',
      'http://10.0.0.1:80/v1/chat',
      'https://h/a=5,b',
      'HTTP://A.B/c=5',
      'x.http://a',
      'ftp://x@y',
      '123e4567-e89b-12d3-a456-426614174000',
      'abcdefab-abcd-abcd-abcd-abcdefabcdef',
      '=',
      ',',
      ';',
      '|',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      "'",
      '"',
      '<',
      '>',
      '.',
      ':',
      '-',
      '_',
      '/',
      '@',
      ' ',
      ' ',
      ' ',
      '\t',
      '\n',
      '\u00a0',
      '\u2028',
      '\u0001',
      'é',
      '😀',
      'Error',
      'id',
      'x'.repeat(700),
    ];
    const message = fc
      .array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 })
      .map((p) => p.join(''));
    // What a wrong key would join: the same message with other digits or other hex letters.
    const messages = fc
      .sample(message, { numRuns: 1_500, seed: 20261201 })
      .flatMap((m) => [
        m,
        m.replace(/\d/g, (d) => String((Number(d) + 1) % 10)),
        m.replace(/[a-f]/g, (c) => 'fabcde'['abcdef'.indexOf(c)]!),
      ]);
    const start = NOW - 3_600_000;
    const db = await pgDatabase('hostile', async (c) => {
      await c.query(`CREATE TABLE "LiteLLM_ErrorLogs" (request_id text PRIMARY KEY, "startTime" timestamp(3), "endTime" timestamp(3),
        model_group text, litellm_model_name text, api_base text, exception_type text, exception_string text, status_code text)`);
      const values = messages.map((m, i) => [
        `r${i}`,
        new Date(start + i * 500).toISOString(),
        i % 3 ? 'gpt-4o' : 'claude',
        m,
        i % 2 ? 'RateLimitError' : 'APIError',
      ]);
      for (let i = 0; i < values.length; i += 500) {
        const chunk = values.slice(i, i + 500);
        await c.query(
          `INSERT INTO "LiteLLM_ErrorLogs" (request_id, "startTime", model_group, exception_string, exception_type)
           SELECT * FROM unnest($1::text[], $2::timestamp[], $3::text[], $4::text[], $5::text[])`,
          [0, 1, 2, 3, 4].map((k) => chunk.map((v) => v[k])),
        );
      }
    });
    const result = await both(db, queryOf(start, NOW));
    expect(result.old.patterns.reduce((a, p) => a + p.count, 0)).toBe(messages.length);
    if (
      [result.now, result.sqlKeyed, result.readWithInvestigation, result.keyedWithInvestigation].some(
        (r) => !isDeepStrictEqual(r, result.old),
      )
    )
      expectSame(result);

    // Drain forgives much, so check the key itself: messages sharing a key share their JS mask.
    const client = new pg.Client({ connectionString: server.url('hostile') });
    await client.connect();
    const keyed = await client
      .query<{ error_message: string; k: string }>(
        `SELECT error_message, ${MESSAGE_KEY_SQL} AS k FROM (SELECT exception_string AS error_message FROM "LiteLLM_ErrorLogs") x`,
      )
      .finally(() => client.end());
    const maskOf = new Map<string, { mask: string; message: string }>();
    const wrong: string[][] = [];
    for (const { error_message: m, k } of keyed.rows) {
      const mask = maskMessage(m.trim() || 'E (no message)');
      const seen = maskOf.get(k);
      if (!seen) maskOf.set(k, { mask, message: m });
      else if (seen.mask !== mask) wrong.push([seen.message, m]);
    }
    expect(wrong).toEqual([]);
    // And the key did group: far fewer keys than messages.
    expect(maskOf.size).toBeLessThan(messages.length * 0.8);
  }, 240_000);
});
