import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { sharedTestPostgres } from '../test-support/shared-postgres.ts';
import { HOSTILE_ALIAS, loadFixture, RANGE } from '../test-support/litellm-fixture.ts';
import { demoUrlArgs, runCli, tempHome } from '../test-support/run-cli.ts';
import { createScrub, scrubDeep } from '../engine/reports/report-redaction.ts';
import { freePort } from '../test-support/ports.ts';

/** The demo's week in a real PostgreSQL (the `--demo` rows, read in a fraction of the time). */
const DEMO = await demoUrlArgs();

let server: TestPostgres;
const range = ['--from', RANGE.from, '--to', RANGE.to];

/**
 * How long a CLI process takes to start and refuse an argument, run beside the one measured: on a
 * loaded machine starting Node alone can take seconds, which a "within N s" check must not count.
 */
async function startupTime(): Promise<number> {
  const run = await runCli(['investigate', '--bogus']);
  expect(run.code).toBe(2);
  return run.ms;
}

beforeAll(async () => {
  server = sharedTestPostgres();
  await server.createDatabase('gateway');
  await server.createDatabase('not_litellm');
  const client = new pg.Client({ connectionString: server.url('gateway') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  // A proxy-level failure (invalid key): a failed request with no key alias and no ErrorLogs row.
  await client.query(
    `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model, model_group, status, metadata)
    VALUES ('auth-1', '2026-03-10 11:05:00', '2026-03-10 11:05:00', 'gpt-4o', 'gpt-4o', 'failure', $1::jsonb)`,
    [
      JSON.stringify({
        status: 'failure',
        error_information: {
          error_class: 'ProxyException',
          error_code: '401',
          error_message: 'Authentication Error, Invalid proxy server token passed.',
        },
      }),
    ],
  );
  await client.end();
});

afterAll(async () => {
  if (server) await destroyPostgres(server);
});

describe('logdesk investigate --demo', () => {
  it('prints one JSON document whose totals agree with its breakdowns', async () => {
    const run = await runCli(['investigate', '--demo', '--since', '7d', '--json'], {
      LOGDESK_PROGRESS: 'all',
    });
    expect(run.code, run.stderr).toBe(0);
    // Opening the embedded demo can take seconds: it says so on stderr (issue 23), and nothing else is there.
    // `all`: on a fast machine the demo opens in under the second after which a step is named.
    expect(run.stderr).toMatch(/^logdesk: Preparing the demo database… \d+\.\d s$/m);
    for (const line of run.stderr.trim().split('\n'))
      expect(line).toMatch(/^logdesk: [A-Z][a-z ]+… \d+\.\d s$/);
    const doc = JSON.parse(run.stdout);
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining([
        'query',
        'total',
        'byModel',
        'byErrorType',
        'byKeyAlias',
        'timeline',
        'errors',
      ]),
    );
    const sum = (list: { count: number }[]) => list.reduce((s, x) => s + x.count, 0);
    expect(doc.total).toBeGreaterThan(500);
    expect(sum(doc.byModel)).toBe(doc.total);
    expect(sum(doc.byErrorType)).toBe(doc.total);
    expect(sum(doc.byKeyAlias)).toBe(doc.total);
    expect(sum(doc.timeline)).toBe(doc.total);
    expect(doc.errors).toHaveLength(100);
    const times = doc.errors.map((e: { time: string }) => e.time);
    expect(times).toEqual([...times].sort().reverse());
    // The injected incident dominates the week.
    expect(doc.byKeyAlias[0].keyAlias).toBe('support-bot');
    expect(doc.byModel[0].model).toBe('gpt-4o');
  });

  it('writes the dated report folder of DESIGN §5 and never overwrites a file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'logdesk-out-'));
    const first = await runCli([
      'investigate',
      ...DEMO,
      '--since',
      '24h',
      '--limit',
      '20',
      '--json',
      '--out',
      out,
    ]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Report written to/);
    const days = readdirSync(out);
    expect(days).toHaveLength(1);
    expect(days[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const dir = join(out, days[0]!);
    const names = readdirSync(dir).sort();
    expect(names.map((n) => n.replace(/_\d{6}(_\d+)?\./, '_HHMMSS.'))).toEqual(
      expect.arrayContaining([
        'error_logs_analysis_HHMMSS.json',
        'error_logs_full_HHMMSS.json',
        'query_params_HHMMSS.json',
      ]),
    );
    const doc = JSON.parse(first.stdout);
    const full = JSON.parse(
      readFileSync(
        join(
          dir,
          names.find((n) => n.startsWith('error_logs_full'))!,
        ),
        'utf8',
      ),
    );
    // Reports are redacted (keys, tokens, passwords always; e-mails and IPs by default): the same rows otherwise.
    expect(full).toEqual(scrubDeep(doc.errors, createScrub({ emails: true, ipAddresses: true }, [])));
    const compact = JSON.parse(
      readFileSync(
        join(
          dir,
          names.find((n) => n.startsWith('error_logs_analysis'))!,
        ),
        'utf8',
      ),
    );
    expect(Object.keys(compact[0]).sort()).toEqual(
      ['error_message', 'error_type', 'key_name', 'model', 'request_id', 'status', 'time'].sort(),
    );
    const params = JSON.parse(
      readFileSync(
        join(
          dir,
          names.find((n) => n.startsWith('query_params'))!,
        ),
        'utf8',
      ),
    );
    expect(params.totals.total).toBe(doc.total);
    expect(params.source).toMatch(/demo/);

    // A second run into the same folder adds files; it never replaces one.
    const before = new Map(names.map((n) => [n, readFileSync(join(dir, n), 'utf8')]));
    const second = await runCli(['investigate', ...DEMO, '--since', '24h', '--limit', '5', '--out', out]);
    expect(second.code).toBe(0);
    for (const [n, content] of before) expect(readFileSync(join(dir, n), 'utf8')).toBe(content);
    expect(readdirSync(dir).length).toBeGreaterThan(names.length);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('logdesk investigate --url against a real PostgreSQL', () => {
  it('matches filter values literally, quotes and SQL included, and harms nothing', async () => {
    const obrien = await runCli([
      'investigate',
      '--url',
      server.url('gateway'),
      ...range,
      '--key-alias',
      "o'brien",
      '--json',
    ]);
    expect(obrien.code).toBe(0);
    const doc = JSON.parse(obrien.stdout);
    expect(doc.total).toBe(1);
    expect(doc.errors[0].requestId).toBe('twin-1');

    const hostile = await runCli([
      'investigate',
      '--url',
      server.url('gateway'),
      ...range,
      '--key-alias',
      HOSTILE_ALIAS,
      '--json',
    ]);
    expect(hostile.code).toBe(0);
    expect(JSON.parse(hostile.stdout).errors.map((e: { requestId: string }) => e.requestId)).toEqual([
      'hostile-1',
    ]);
    const dropped = await runCli([
      'investigate',
      '--url',
      server.url('gateway'),
      ...range,
      '--model',
      "'; drop table x; --",
      '--json',
    ]);
    expect(JSON.parse(dropped.stdout).total).toBe(0);
    const count = await server.exec('SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs"', [], 'gateway');
    expect(count.rows[0].n).toBe(13);
  });

  it("leaves values out with --not-key-alias / --not-model; errors with no value stay unless '' is given", async () => {
    const json = async (...args: string[]) => {
      const run = await runCli([
        'investigate',
        '--url',
        server.url('gateway'),
        ...range,
        '--limit',
        '1000',
        ...args,
        '--json',
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      return JSON.parse(run.stdout) as {
        total: number;
        query: { exclude: unknown };
        errors: {
          requestId: string;
          keyAlias: string | null;
          model: string | null;
          deployment: string | null;
        }[];
      };
    };
    const all = await json();
    const ids = (doc: typeof all) => doc.errors.map((e) => e.requestId).sort();
    const notObrien = await json('--not-key-alias', "o'brien");
    expect(notObrien.query.exclude).toMatchObject({ keyAliases: ["o'brien"] });
    expect(ids(notObrien)).toEqual(
      ids({ ...all, errors: all.errors.filter((e) => e.keyAlias !== "o'brien") }),
    );
    expect(notObrien.errors.some((e) => e.keyAlias === null)).toBe(true);
    const withAlias = await json('--not-key-alias', '', '--not-model', 'gpt-4o');
    const expected = all.errors.filter(
      (e) => e.keyAlias !== null && e.model !== 'gpt-4o' && e.deployment !== 'gpt-4o',
    );
    expect(withAlias.total).toBe(expected.length);
    expect(ids(withAlias)).toEqual(ids({ ...all, errors: expected }));
    expect(withAlias.total).toBeGreaterThan(0);
    expect(withAlias.total).toBeLessThan(notObrien.total);

    const refused = await runCli([
      'investigate',
      '--url',
      server.url('gateway'),
      ...range,
      '--not-status-code',
      'abc',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--not-status-code: expected an HTTP status code/);
    const tooLong = await runCli(['investigate', '--demo', '--not-model', 'x'.repeat(501)]);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/--not-model/);
  });

  it('combines repeated filters and counts like the engine does', async () => {
    const run = await runCli([
      'investigate',
      '--url',
      server.url('gateway'),
      ...range,
      '--model',
      'gpt-4o',
      '--model',
      'claude-3-5-sonnet',
      '--error-type',
      'RateLimitError',
      '--error-type',
      'InternalServerError',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    // Issue 19: the ErrorLogs-only attempt (claude, InternalServerError) is a failed attempt, not an error.
    expect(doc.errors.map((e: { requestId: string }) => e.requestId).sort()).toEqual([
      'empty-status',
      'twin-1',
      'via-token',
    ]);
    expect(doc.byErrorType).toEqual([
      { errorType: 'RateLimitError', count: 2 },
      { errorType: 'InternalServerError', count: 1 },
    ]);
    expect(doc.failedAttempts).toBe(2);
  });

  it('prints a readable summary without --json', async () => {
    const run = await runCli(['investigate', '--url', server.url('gateway'), ...range]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^7 errors$/m);
    expect(run.stdout).toMatch(/By model/);
    expect(run.stdout).not.toMatch(/password/i);
  });

  it('exits 3 with the reason, within 10 seconds, for a closed port', async () => {
    const port = await freePort();
    const [started, run] = await Promise.all([
      startupTime(),
      runCli(['investigate', '--url', `postgres://postgres:s3cret-pw@127.0.0.1:${port}/gateway`]),
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Connection refused by postgres:\/\/postgres@127\.0\.0\.1:\d+\/gateway/);
    expect(run.stderr).not.toContain('s3cret-pw');
    expect(run.ms - started).toBeLessThan(10_000);
  });

  it('exits 3 naming the missing tables for a database without LiteLLM', async () => {
    const [started, run] = await Promise.all([
      startupTime(),
      runCli(['investigate', '--url', server.url('not_litellm')]),
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/No LiteLLM tables found.*LiteLLM_SpendLogs/);
    expect(run.ms - started).toBeLessThan(10_000);
  });

  it('exits 3 with a clear reason when the report folder cannot be written', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logdesk-out-')), 'a-file');
    writeFileSync(file, 'x');
    const run = await runCli([
      'investigate',
      '--url',
      server.url('gateway'),
      ...range,
      '--out',
      join(file, 'reports'),
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      /Cannot write the report into .*a-file\/reports\/\d{4}-\d{2}-\d{2}: a part of the path is a file/,
    );
    expect(existsSync(join(file, 'reports'))).toBe(false);
  });
});

describe('logdesk investigate --profile', () => {
  it("applies the profile's default filters to what the command line leaves unset", async () => {
    const home = tempHome();
    const add = await runCli(
      [
        'profiles',
        'add',
        'gw',
        '--transport',
        'direct',
        '--url',
        server.url('gateway'),
        '--key-alias',
        "o'brien",
        '--key-alias',
        'vt-alias',
      ],
      { LOGDESK_HOME: home },
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const withDefaults = await runCli(['investigate', '--profile', 'gw', ...range, '--json'], {
      LOGDESK_HOME: home,
    });
    expect(withDefaults.code).toBe(0);
    const doc = JSON.parse(withDefaults.stdout);
    expect(doc.query.keyAliases).toEqual(["o'brien", 'vt-alias']);
    expect(doc.errors.map((e: { requestId: string }) => e.requestId).sort()).toEqual(['twin-1', 'via-token']);
    const overridden = await runCli(
      ['investigate', '--profile', 'gw', ...range, '--key-alias', 'alpha', '--json'],
      { LOGDESK_HOME: home },
    );
    expect(JSON.parse(overridden.stdout).query.keyAliases).toEqual(['alpha']);

    // The same name again is refused (exit 2) and changes nothing; --replace overwrites it.
    const again = await runCli(
      ['profiles', 'add', 'gw', '--transport', 'direct', '--url', server.url('not_litellm')],
      { LOGDESK_HOME: home },
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/a profile named "gw" exists: use --replace/);
    const kept = JSON.parse((await runCli(['profiles', 'list', '--json'], { LOGDESK_HOME: home })).stdout);
    expect(kept[0].profile.db.database).toBe(server.databaseName('gateway'));
    const replaced = await runCli(
      ['profiles', 'add', 'gw', '--replace', '--transport', 'direct', '--url', server.url('not_litellm')],
      { LOGDESK_HOME: home },
    );
    expect(replaced.code).toBe(0);
    const now = JSON.parse((await runCli(['profiles', 'list', '--json'], { LOGDESK_HOME: home })).stdout);
    expect(now[0].profile.db.database).toBe(server.databaseName('not_litellm'));
  });
});
