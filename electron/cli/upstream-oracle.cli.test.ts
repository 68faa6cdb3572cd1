import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { destroyPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { sharedTestPostgres } from '../test-support/shared-postgres.ts';
import { runCli } from '../test-support/run-cli.ts';
import {
  GONE_DAY,
  KEY_ALIASES,
  loadUpstream,
  LOST_DAY,
  WEEK,
  WINDOW,
  type UpstreamVersion,
} from '../test-support/upstream-litellm.ts';

/**
 * Issue 19's oracle: on tables shaped by LiteLLM's own writers (test-support/upstream-litellm.ts),
 * `investigate --json` and `usage --json` give the numbers plain SQL gives — failed requests from
 * SpendLogs, failed attempts from ErrorLogs, never added — on both schema versions, for a whole week
 * and for four hours that are not whole days.
 */
let server: TestPostgres;
const VERSIONS: UpstreamVersion[] = ['newest', 'baseline2025'];
const RANGES = { week: WEEK, window: WINDOW };

beforeAll(async () => {
  server = sharedTestPostgres();
  for (const version of VERSIONS) {
    await server.createDatabase(version);
    const client = new pg.Client({ connectionString: server.url(version) });
    await client.connect();
    await loadUpstream((s, p) => client.query(s, p as unknown[]), version);
    await client.end();
  }
});
afterAll(async () => {
  if (server) await destroyPostgres(server);
});

interface Truth {
  requests: number;
  failed: number;
  attempts: number;
  byModel: Record<string, number>;
  byErrorType: Record<string, number>;
  byKeyAlias: Record<string, number>;
  timeline: Record<string, number>;
  attemptsByDeployment: Record<string, number>;
}

/** The truth, in plain SQL written apart from the engine's. */
async function truth(
  version: UpstreamVersion,
  range: { from: string; to: string },
  bucketSeconds: number,
): Promise<Truth> {
  const status = version === 'newest' ? `NULLIF(s.status, '')` : 'NULL::text';
  const failedRows = `SELECT s.*, COALESCE(NULLIF(s.metadata->>'user_api_key_alias', ''), NULLIF(vt.key_alias, '')) AS alias
      FROM "LiteLLM_SpendLogs" s LEFT JOIN "LiteLLM_VerificationToken" vt ON vt.token = s.api_key
     WHERE s."startTime" >= $1::timestamp AND s."startTime" < $2::timestamp
       AND COALESCE(${status}, NULLIF(s.metadata->>'status', '')) <> 'success'`;
  const q = async (
    sql: string,
    params: unknown[] = [range.from.replace('Z', ''), range.to.replace('Z', '')],
  ) => (await server.exec(sql, params, version)).rows as { k: string | null; n: number }[];
  const map = (rows: { k: string | null; n: number }[]) =>
    Object.fromEntries(rows.map((r) => [String(r.k), Number(r.n)]));
  const count = async (sql: string) => Number((await q(sql))[0]!.n);
  return {
    requests: await count(
      `SELECT count(*) AS n FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1::timestamp AND "startTime" < $2::timestamp`,
    ),
    failed: await count(`SELECT count(*) AS n FROM (${failedRows}) f`),
    attempts: await count(
      `SELECT count(*) AS n FROM "LiteLLM_ErrorLogs" WHERE "startTime" >= $1::timestamp AND "startTime" < $2::timestamp`,
    ),
    byModel: map(
      await q(
        `SELECT COALESCE(NULLIF(model_group, ''), NULLIF(model, ''), '(unknown)') AS k, count(*) AS n FROM (${failedRows}) f GROUP BY 1`,
      ),
    ),
    byErrorType: map(
      await q(
        `SELECT COALESCE(NULLIF(metadata->'error_information'->>'error_class', ''), 'Unknown') AS k, count(*) AS n FROM (${failedRows}) f GROUP BY 1`,
      ),
    ),
    byKeyAlias: map(await q(`SELECT alias AS k, count(*) AS n FROM (${failedRows}) f GROUP BY 1`)),
    timeline: map(
      await q(
        `SELECT to_char(to_timestamp(floor(extract(epoch FROM "startTime") / ${bucketSeconds}) * ${bucketSeconds}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS k,
                count(*) AS n FROM (${failedRows}) f GROUP BY 1`,
      ),
    ),
    attemptsByDeployment: map(
      await q(`SELECT litellm_model_name || ' ' || api_base AS k, count(*) AS n FROM "LiteLLM_ErrorLogs"
                WHERE "startTime" >= $1::timestamp AND "startTime" < $2::timestamp GROUP BY 1`),
    ),
  };
}

type Counted = { count: number };
const asRecord = <T extends Counted>(list: T[], key: (t: T) => string | null) =>
  Object.fromEntries(list.map((i) => [String(key(i)), i.count]));

async function cli(
  command: string,
  version: UpstreamVersion,
  range: { from: string; to: string },
  extra: string[] = [],
) {
  const run = await runCli([
    command,
    '--url',
    server.url(version),
    '--from',
    range.from,
    '--to',
    range.to,
    '--json',
    '--limit',
    '5',
    ...extra,
  ]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe.each(VERSIONS)('on LiteLLM tables as LiteLLM writes them (%s schema)', (version) => {
  it.each(Object.keys(RANGES) as (keyof typeof RANGES)[])(
    'investigate and usage give the truth for the %s',
    async (name) => {
      const range = RANGES[name];
      const [inv, usage] = await Promise.all([
        cli('investigate', version, range),
        cli('usage', version, range),
      ]);
      const query = inv.query as { bucketSeconds: number };
      const t = await truth(version, range, query.bucketSeconds);
      // The fixture has every shape: failures with attempts, rescued attempts, proxy-level failures.
      expect(t.failed).toBeGreaterThan(3);
      expect(t.attempts).toBeGreaterThan(3);
      expect(t.attempts).not.toBe(t.failed);

      expect(inv.total).toBe(t.failed);
      expect(inv.failedAttempts).toBe(t.attempts);
      expect(asRecord(inv.byModel as (Counted & { model: string })[], (m) => m.model)).toEqual(t.byModel);
      expect(asRecord(inv.byErrorType as (Counted & { errorType: string })[], (m) => m.errorType)).toEqual(
        t.byErrorType,
      );
      expect(
        asRecord(inv.byKeyAlias as (Counted & { keyAlias: string | null })[], (m) => m.keyAlias),
      ).toEqual(t.byKeyAlias);
      const timeline = (inv.timeline as { bucket: string; count: number }[]).filter((p) => p.count > 0);
      expect(Object.fromEntries(timeline.map((p) => [p.bucket, p.count]))).toEqual(t.timeline);
      const attempts = inv.attempts as {
        byDeployment: { deployment: string; apiBase: string; count: number }[];
      };
      expect(asRecord(attempts.byDeployment, (d) => `${d.deployment} ${d.apiBase}`)).toEqual(
        t.attemptsByDeployment,
      );
      // The newest rows are failed requests, each one a SpendLogs row.
      for (const row of inv.errors as { sources: string[] }[]) expect(row.sources).toEqual(['spend_logs']);

      const summary = usage.summary as { requests: number; failed: number; failedAttempts: number };
      expect(summary.requests).toBe(t.requests);
      expect(summary.failed).toBe(t.failed);
      expect(summary.failedAttempts).toBe(t.attempts);
      // The daily tables lost a row that day (LiteLLM #29292): SpendLogs answered, the day is flagged.
      if (name === 'week')
        expect((usage.notes as string[]).join('\n')).toContain(`${LOST_DAY}: LiteLLM's daily tables count`);
    },
    120_000,
  );
});

/**
 * The built-in mapping of `--table LiteLLM_SpendLogs` reads the table as the native source does:
 * status from the column or `metadata.status` (NULL column on older rows; no column on the 2025
 * baseline), the key alias from the metadata, else VerificationToken (never the hashed api_key).
 */
describe.each(VERSIONS)('the built-in LiteLLM_SpendLogs mapping (%s schema)', (version) => {
  it.each(Object.keys(RANGES) as (keyof typeof RANGES)[])(
    'agrees with the native source and the truth for the %s',
    async (name) => {
      const range = RANGES[name];
      const table = ['--table', 'LiteLLM_SpendLogs'];
      const [mapped, native, usage] = await Promise.all([
        cli('investigate', version, range, table),
        cli('investigate', version, range),
        cli('usage', version, range, table),
      ]);
      const t = await truth(version, range, (mapped.query as { bucketSeconds: number }).bucketSeconds);
      const shape = (inv: Record<string, unknown>) => ({
        total: inv.total,
        byModel: asRecord(inv.byModel as (Counted & { model: string })[], (m) => m.model),
        byErrorType: asRecord(inv.byErrorType as (Counted & { errorType: string })[], (m) => m.errorType),
        byKeyAlias: asRecord(inv.byKeyAlias as (Counted & { keyAlias: string | null })[], (m) => m.keyAlias),
        timeline: Object.fromEntries(
          (inv.timeline as { bucket: string; count: number }[])
            .filter((p) => p.count > 0)
            .map((p) => [p.bucket, p.count]),
        ),
      });
      expect(shape(mapped)).toEqual({
        total: t.failed,
        byModel: t.byModel,
        byErrorType: t.byErrorType,
        byKeyAlias: t.byKeyAlias,
        timeline: t.timeline,
      });
      expect(shape(mapped)).toEqual(shape(native));
      // The deleted key keeps its alias; no hashed key is ever an alias.
      if (name === 'week') expect(Object.keys(t.byKeyAlias)).toContain('old-batch-key');
      expect(Object.keys(shape(mapped).byKeyAlias).filter((k) => k.startsWith('h-'))).toEqual([]);
      const summary = usage.summary as { requests: number; failed: number };
      expect({ requests: summary.requests, failed: summary.failed }).toEqual({
        requests: t.requests,
        failed: t.failed,
      });
    },
    120_000,
  );
});

/**
 * A deleted key keeps its alias on the daily basis too (the daily tables hold only the hashed key):
 * LiteLLM's DeletedVerificationToken (newest), else the alias its SpendLogs rows carry (baseline),
 * else "(deleted key …abcd)" where nothing remembers it.
 */
describe.each(VERSIONS)('a deleted key on the daily basis (%s schema)', (version) => {
  it('shows the alias SpendLogs shows, never a blank or the hash', async () => {
    const range = { from: `${GONE_DAY}T00:00:00.000Z`, to: WEEK.to };
    const usage = await cli('usage', version, range, ['--basis', 'daily']);
    expect(usage.basis).toBe('daily');
    const rows = (
      await server.exec(
        `SELECT api_key, sum(api_requests)::int AS n FROM "LiteLLM_DailyUserSpend" WHERE date >= $1 AND date < $2 GROUP BY 1`,
        [GONE_DAY, WEEK.to.slice(0, 10)],
        version,
      )
    ).rows as { api_key: string; n: number }[];
    const expected: Record<string, number> = {};
    for (const r of rows) {
      const alias = String(KEY_ALIASES[r.api_key] ?? null);
      expected[alias] = (expected[alias] ?? 0) + Number(r.n);
    }
    const byKey = Object.fromEntries(
      (usage.byKeyAlias as { keyAlias: string | null; requests: number }[]).map((k) => [
        String(k.keyAlias),
        k.requests,
      ]),
    );
    expect(byKey).toEqual(expected);
    expect(Object.keys(byKey)).toEqual(expect.arrayContaining(['old-batch-key', '(deleted key …gone)']));
  }, 120_000);
});
