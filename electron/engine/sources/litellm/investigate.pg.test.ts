import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Filters, type FiltersInput } from '../../../../shared/filters.ts';
import type { Investigation } from '../../../../shared/investigation.ts';
import { AppError } from '../../../../shared/errors.ts';
import { PgDatabase } from '../../db/pg-database.ts';
import { parsePostgresUrl } from '../../../../shared/source-url.ts';
import { generateDemoData } from '../../demo/generator.ts';
import { loadDemoData } from '../../demo/loader.ts';
import { demoScenario } from '../../demo/scenario.ts';
import { investigate } from './investigate.ts';
import { resolveQuery } from '../../query/resolve-query.ts';
import { aggregatesSql, errorSetParams, rowsSql } from './error-query.ts';
import { detectSchema } from './schema.ts';
import { categorizeError } from '../../insights/taxonomy.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../../test-support/pg-server.ts';
import {
  ATTEMPT_IDS,
  EXPECTED_ATTEMPT_IDS,
  EXPECTED_ERROR_IDS,
  HOSTILE_ALIAS,
  loadFixture,
  RANGE,
} from '../../../test-support/litellm-fixture.ts';
import { oracle } from '../../../test-support/error-oracle.ts';

let server: TestPostgres;
const open: PgDatabase[] = [];
const NOW = Date.parse('2026-03-20T15:37:00Z');

function database(name: string): PgDatabase {
  const db = new PgDatabase({ target: parsePostgresUrl(server.url(name)).target });
  open.push(db);
  return db;
}

async function execIn(name: string) {
  const client = new pg.Client({ connectionString: server.url(name) });
  await client.connect();
  return {
    exec: (sql: string, params?: readonly unknown[]) => client.query(sql, params as unknown[]),
    end: () => client.end(),
  };
}

async function createLoaded(
  name: string,
  load: (exec: (s: string, p?: readonly unknown[]) => Promise<unknown>) => Promise<void>,
) {
  await server.createDatabase(name);
  const c = await execIn(name);
  await load(c.exec);
  await c.end();
}

const run = (name: string, filters: FiltersInput) =>
  investigate(database(name), Filters.parse(filters), { now: NOW });
const inRange = (extra: FiltersInput = {}): FiltersInput => ({
  timeRange: { kind: 'absolute', ...RANGE },
  limit: 1000,
  ...extra,
});
const ids = (r: Investigation) => r.errors.map((e) => e.requestId).sort();
const asMap = <T extends { count: number }>(list: T[], key: (t: T) => string | null) =>
  new Map(list.map((item) => [key(item), item.count]));

beforeAll(async () => {
  server = await startPostgres();
  await createLoaded('modern', (exec) => loadFixture(exec));
  await createLoaded('legacy', (exec) =>
    loadFixture(exec, { withStatusColumn: false, withVerificationToken: false }),
  );
  await createLoaded('no_errorlogs', (exec) => loadFixture(exec, { withErrorLogs: false }));
  // An older proxy that wrote no failure to SpendLogs; a proxy with general_settings.disable_error_logs.
  await createLoaded('old_proxy', async (exec) => {
    await loadFixture(exec);
    await exec(
      `DELETE FROM "LiteLLM_SpendLogs" WHERE COALESCE(NULLIF(status, ''), metadata->>'status') IS DISTINCT FROM 'success'`,
    );
  });
  await createLoaded('error_logs_off', async (exec) => {
    await loadFixture(exec);
    await exec(`DELETE FROM "LiteLLM_ErrorLogs"`);
  });
  await server.createDatabase('empty');
  const data = generateDemoData(demoScenario, NOW);
  await createLoaded('bulk', (exec) => loadDemoData(exec, data));
  await createLoaded('bulk_legacy', (exec) => loadDemoData(exec, data, { withStatusColumn: false }));
});

afterAll(async () => {
  await Promise.all(open.map((db) => db.close()));
  if (server) await destroyPostgres(server);
});

describe('the error set of DESIGN §2 on hand-written edge cases', () => {
  // Issue 19: the error set is the failed requests; ErrorLogs rows (failed attempts, own random ids)
  // were counted as extra errors before, twice for every failure LiteLLM logged in both tables.
  it('counts the failed requests of SpendLogs only, with [from, to) boundaries', async () => {
    const r = await run('modern', inRange());
    expect(ids(r)).toEqual(EXPECTED_ERROR_IDS);
    expect(r.total).toBe(EXPECTED_ERROR_IDS.length);
    expect(r.byModel.reduce((s, m) => s + m.count, 0)).toBe(r.total);
    expect(r.byErrorType.reduce((s, m) => s + m.count, 0)).toBe(r.total);
    expect(r.timeline.reduce((s, m) => s + m.count, 0)).toBe(r.total);
    expect(r.errors.every((e) => e.sources.join() === 'spend_logs')).toBe(true);
  });

  it('counts the failed attempts beside them, by deployment, exception type and status code', async () => {
    const r = await run('modern', inRange());
    expect(r.failedAttempts).toBe(EXPECTED_ATTEMPT_IDS.length);
    expect(r.attempts).toMatchObject({ total: EXPECTED_ATTEMPT_IDS.length, standIn: false, note: null });
    expect(r.attempts!.byDeployment).toContainEqual({
      deployment: 'openai/gpt-4o',
      apiBase: null,
      model: 'gpt-4o',
      count: 1,
    });
    expect(r.attempts!.byErrorType).toContainEqual({ errorType: 'Unknown', count: 1 });
    expect(r.attempts!.byStatusCode).toContainEqual({ statusCode: '429', count: 1 });
    // A key alias or a team names no attempt (LiteLLM writes none on them); a model filter applies.
    expect((await run('modern', inRange({ keyAliases: ['alpha'] }))).failedAttempts).toBe(0);
    expect((await run('modern', inRange({ teamAliases: ['research'] }))).failedAttempts).toBe(0);
    expect((await run('modern', inRange({ models: ['claude-3-5-sonnet'] }))).failedAttempts).toBe(1);
  });

  it('takes key alias, tokens and message of a failed request from its SpendLogs row', async () => {
    const r = await run('modern', inRange());
    const twin = r.errors.find((e) => e.requestId === 'twin-1')!;
    expect(twin).toMatchObject({
      keyAlias: "o'brien",
      teamAlias: 'research',
      model: 'gpt-4o',
      deployment: 'azure/gpt-4o-eu',
      statusCode: '429',
      errorType: 'RateLimitError',
      errorMessage: 'rate limited',
      totalTokens: 17,
      time: '2026-03-10T10:31:00.000Z',
      sources: ['spend_logs'],
    });
    // A request a fallback rescued is a success, whatever its attempts.
    expect(r.errors.find((e) => e.requestId === 'success-twin')).toBeUndefined();
  });

  it('falls back as DESIGN says: deployment for an empty model group, VerificationToken alias', async () => {
    const r = await run('modern', inRange());
    const byId = new Map(r.errors.map((e) => [e.requestId, e]));
    expect(byId.get('legacy-1')).toMatchObject({ model: 'openai/gpt-4o-mini', keyAlias: 'équipe-données' });
    expect(byId.get('via-token')).toMatchObject({ keyAlias: 'vt-alias' });
  });

  it('returns rows newest first and caps only the rows with limit', async () => {
    const r = await run('modern', inRange({ limit: 3 }));
    expect(r.total).toBe(EXPECTED_ERROR_IDS.length);
    expect(r.errors.map((e) => e.requestId)).toEqual(['empty-status', 'via-token', 'hostile-1']);
    const none = await run('modern', inRange({ limit: 0 }));
    expect(none.errors).toEqual([]);
    expect(none.total).toBe(EXPECTED_ERROR_IDS.length);
  });

  it('filters by key alias literally, quotes, non-ASCII and SQL included, and harms nothing', async () => {
    expect(ids(await run('modern', inRange({ keyAliases: ["o'brien"] })))).toEqual(['twin-1']);
    expect(ids(await run('modern', inRange({ keyAliases: ['équipe-données'] })))).toEqual(['legacy-1']);
    expect(ids(await run('modern', inRange({ keyAliases: [HOSTILE_ALIAS] })))).toEqual(['hostile-1']);
    expect(ids(await run('modern', inRange({ keyAliases: ["o'brien", 'vt-alias'] })))).toEqual([
      'twin-1',
      'via-token',
    ]);
    expect(ids(await run('modern', inRange({ keyAliases: ['alpha'] })))).toEqual([
      'edge-from',
      'empty-status',
    ]);
    const tables = await server.exec(`SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs"`, [], 'modern');
    expect(tables.rows[0].n).toBe(12);
  });

  it('matches a model by public name or deployment, and filters error type, status code, team and text', async () => {
    expect(ids(await run('modern', inRange({ models: ['azure/gpt-4o-eu'] })))).toEqual(['twin-1']);
    expect(ids(await run('modern', inRange({ models: ['claude-3-5-sonnet'] })))).toEqual(['via-token']);
    expect(ids(await run('modern', inRange({ errorTypes: ['Timeout'] })))).toEqual(['edge-from', 'legacy-1']);
    expect(ids(await run('modern', inRange({ statusCodes: ['429'] })))).toEqual(['empty-status', 'twin-1']);
    expect(ids(await run('modern', inRange({ teamAliases: ['research'] })))).toEqual(['twin-1']);
    // Free text is a literal, case-insensitive substring: % _ \ ' and $1 are not wildcards or SQL.
    expect(ids(await run('modern', inRange({ text: '100%' })))).toEqual(['hostile-1']);
    expect(ids(await run('modern', inRange({ text: 'QUOTA_USED \\ "QUOTED"' })))).toEqual(['hostile-1']);
    expect(ids(await run('modern', inRange({ text: "'single' $1" })))).toEqual(['hostile-1']);
    expect(ids(await run('modern', inRange({ text: '%' })))).toEqual(['hostile-1']);
    expect(ids(await run('modern', inRange({ text: 'overloaded' })))).toEqual(['via-token']);
  });

  it('reads status from metadata on older LiteLLM tables without a status column', async () => {
    const r = await run('legacy', inRange());
    // Without the VerificationToken table, the alias of via-token is unknown, but the error is still counted.
    expect(ids(r)).toEqual(EXPECTED_ERROR_IDS);
    expect(r.errors.find((e) => e.requestId === 'via-token')!.keyAlias).toBeNull();
    expect(r.notes.join(' ')).toMatch(/no status column/);
    expect(r.notes.join(' ')).toMatch(/LiteLLM_VerificationToken" not found/);
  });

  it('works where ErrorLogs was never created, and says attempts are not known', async () => {
    const r = await run('no_errorlogs', inRange());
    expect(ids(r)).toEqual(EXPECTED_ERROR_IDS);
    expect(r.errors.find((e) => e.requestId === 'twin-1')!.errorMessage).toBe('rate limited');
    expect(r.failedAttempts).toBe(0);
    expect(r.attempts!.note).toMatch(/LiteLLM_ErrorLogs" not found/);
  });

  it('lets the failed attempts stand in, with a note, where SpendLogs holds no failed request in range', async () => {
    const r = await run('old_proxy', inRange());
    expect(ids(r)).toEqual([...EXPECTED_ATTEMPT_IDS].sort());
    expect(r.errors.every((e) => e.sources.join() === 'error_logs')).toBe(true);
    expect(r.attempts!.standIn).toBe(true);
    expect(r.notes.join(' ')).toMatch(/failed attempts of "LiteLLM_ErrorLogs" stand in/);
    const unknown = r.errors.find((e) => e.requestId === ATTEMPT_IDS.unknown)!;
    expect(unknown).toMatchObject({
      errorType: 'Unknown',
      model: 'ollama/llama3',
      keyAlias: null,
      statusCode: null,
    });
  });

  it('says ErrorLogs is likely switched off rather than showing 0 attempts as a fact', async () => {
    const r = await run('error_logs_off', inRange());
    expect(r.total).toBe(EXPECTED_ERROR_IDS.length);
    expect(r.failedAttempts).toBe(0);
    expect(r.attempts!.note).toMatch(/disable_error_logs/);
  });

  it('names what is missing when the database has no LiteLLM tables', async () => {
    const err = await run('empty', inRange()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('SCHEMA_MISSING');
    expect((err as AppError).message).toMatch(/LiteLLM_SpendLogs.*LiteLLM_ErrorLogs/);
  });

  it('reaches SpendLogs through its startTime index, never a full scan, when a range is given', async () => {
    const db = database('bulk');
    const query = resolveQuery(
      Filters.parse({ timeRange: { kind: 'relative', last: '24h' }, keyAliases: ['x'] }),
      NOW,
    );
    const plans = await db.readOnly(async (sql) => {
      const schema = await detectSchema(sql);
      await sql.query(`SELECT set_config('enable_seqscan', 'off', true)`);
      const params = errorSetParams(query);
      const explain = async (text: string, extra: number) =>
        (await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, [...params, extra]))
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      return [await explain(aggregatesSql(schema), 3600), await explain(rowsSql(schema), 100)];
    });
    for (const plan of plans) {
      expect(plan).toMatch(/Index (Only )?Scan (using|on) "LiteLLM_SpendLogs_startTime/);
      expect(plan).not.toMatch(/Seq Scan on "LiteLLM_SpendLogs"/);
    }
  });

  it('runs read-only', async () => {
    const db = database('modern');
    const err = await db
      .readOnly((sql) => sql.query(`DELETE FROM "LiteLLM_SpendLogs"`))
      .catch((e: unknown) => e);
    expect((err as AppError).message).toMatch(/read-only transaction/);
  });

  it('enforces the statement timeout and cancels on abort', async () => {
    const db = database('modern');
    const timeout = await db
      .readOnly((sql) => sql.query('SELECT pg_sleep(5)'), { timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect((timeout as AppError).code).toBe('TIMEOUT');
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 200);
    const cancelled = await db
      .readOnly((sql) => sql.query('SELECT pg_sleep(120)'), { signal: controller.signal })
      .catch((e: unknown) => e);
    expect((cancelled as AppError).code).toBe('CANCELLED');
    const active = await server.exec(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(120)%'`,
    );
    expect(active.rows[0].n).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000); // the statement asks for 120 s
  });
});

describe('the cause filter (taxonomy categories in SQL)', () => {
  it('keeps exactly the errors the TypeScript rules name with that cause, or leaves them out', async () => {
    for (const db of ['modern', 'legacy']) {
      const all = await run(db, inRange());
      const causeOf = (e: Investigation['errors'][number]) =>
        categorizeError({ errorType: e.errorType, statusCode: e.statusCode, message: e.errorMessage ?? '' })
          .category;
      const causes = [...new Set(all.errors.map(causeOf))];
      expect(causes.length, db).toBeGreaterThan(1);
      for (const cause of causes) {
        const expected = all.errors
          .filter((e) => causeOf(e) === cause)
          .map((e) => e.requestId)
          .sort();
        const kept = await run(db, inRange({ categories: [cause] }));
        expect({ db, cause, ids: ids(kept), total: kept.total }).toEqual({
          db,
          cause,
          ids: expected,
          total: expected.length,
        });
        const left = await run(db, inRange({ exclude: { categories: [cause] } }));
        expect(left.total, `${db} ≠ ${cause}`).toBe(all.total - expected.length);
      }
    }
  });
});

describe('the session filter (related requests of one error)', () => {
  it('keeps the errors of that LiteLLM session_id, as plain SQL finds them', async () => {
    const { rows } = await server.exec(
      `SELECT session_id, count(*)::int AS n FROM "LiteLLM_SpendLogs"
        WHERE session_id <> '' AND COALESCE(NULLIF(status, ''), metadata->>'status') <> 'success'
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
      [],
      'bulk',
    );
    const { session_id: sessionId, n } = rows[0] as { session_id: string; n: number };
    expect(n).toBeGreaterThan(1);
    const r = await run('bulk', {
      timeRange: { kind: 'relative', last: '30d' },
      sessionIds: [sessionId],
      limit: 100_000,
    });
    const expected = await server.exec(
      `SELECT request_id FROM "LiteLLM_SpendLogs" WHERE session_id = $1 AND COALESCE(NULLIF(status, ''), metadata->>'status') <> 'success'
        UNION SELECT s.request_id FROM "LiteLLM_SpendLogs" s JOIN "LiteLLM_ErrorLogs" e USING (request_id) WHERE s.session_id = $1
        ORDER BY 1`,
      [sessionId],
      'bulk',
    );
    expect(r.query.sessionIds).toEqual([sessionId]);
    expect(ids(r)).toEqual(expected.rows.map((x) => x.request_id as string));
  });
});

describe('totals and breakdowns on a generated week match an independent count', () => {
  const cases: { name: string; filters: FiltersInput; keepsMissingKeyAlias?: boolean }[] = [
    { name: 'the whole week', filters: { timeRange: { kind: 'relative', last: '7d' } } },
    { name: 'the last 24 hours', filters: { timeRange: { kind: 'relative', last: '24h' } } },
    {
      name: 'an odd absolute range with key and model filters',
      filters: {
        timeRange: { kind: 'absolute', from: '2026-03-15T03:17:00Z', to: '2026-03-20T11:02:30Z' },
        keyAliases: ['support-bot', "o'brien-notebook"],
        models: ['gpt-4o', 'anthropic/claude-3-5-sonnet-20241022'],
      },
    },
    {
      name: 'an error type',
      filters: { timeRange: { kind: 'relative', last: '7d' }, errorTypes: ['RateLimitError'] },
    },
    {
      name: 'an excluded key alias (errors without one stay)',
      filters: { timeRange: { kind: 'relative', last: '7d' }, exclude: { keyAliases: ['support-bot'] } },
      keepsMissingKeyAlias: true,
    },
    {
      name: 'the missing key alias and a model excluded',
      filters: {
        timeRange: { kind: 'relative', last: '7d' },
        exclude: { keyAliases: [''], models: ['gpt-4o'] },
      },
    },
    {
      name: 'a model included and an error type excluded',
      filters: {
        timeRange: { kind: 'relative', last: '7d' },
        models: ['gpt-4o'],
        exclude: { errorTypes: ['RateLimitError'] },
      },
    },
  ];
  for (const database of ['bulk', 'bulk_legacy']) {
    for (const c of cases) {
      it(`${database}: ${c.name}`, async () => {
        const r = await run(database, { ...c.filters, limit: 100_000 });
        const expected = await oracle(
          server,
          database,
          {
            from: r.query.from,
            to: r.query.to,
            keyAliases: r.query.keyAliases,
            models: r.query.models,
            errorTypes: r.query.errorTypes,
            exclude: c.filters.exclude,
          },
          r.query.bucketSeconds,
        );
        expect(r.total).toBeGreaterThan(0);
        if (c.keepsMissingKeyAlias) expect(expected.byKeyAlias.get(null)).toBeGreaterThan(0);
        for (const [field, values] of Object.entries(c.filters.exclude ?? {})) {
          if (field === 'keyAliases')
            for (const v of values) expect(expected.byKeyAlias.has(v === '' ? null : v)).toBe(false);
        }
        expect(r.total).toBe(expected.ids.length);
        expect(ids(r)).toEqual(expected.ids);
        expect(asMap(r.byModel, (x) => x.model)).toEqual(expected.byModel);
        expect(asMap(r.byErrorType, (x) => x.errorType)).toEqual(expected.byErrorType);
        expect(asMap(r.byKeyAlias, (x) => x.keyAlias)).toEqual(expected.byKeyAlias);
        const nonEmpty = new Map(r.timeline.filter((p) => p.count > 0).map((p) => [p.bucket, p.count]));
        expect(nonEmpty).toEqual(expected.byBucket);
        const counts = r.byModel.map((m) => m.count);
        expect(counts).toEqual([...counts].sort((a, b) => b - a));
      });
    }
  }
});
