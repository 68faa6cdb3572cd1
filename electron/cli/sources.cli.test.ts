import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RANGE } from '../test-support/call-log-fixture.ts';
import { runCli, tempHome } from '../test-support/run-cli.ts';
import { MYSQL_USER, startThreeEngines, type ThreeEngines } from '../test-support/three-engines.ts';

let engines: ThreeEngines;
beforeAll(async () => {
  engines = await startThreeEngines();
});
afterAll(async () => engines?.stop());

const range = ['--from', RANGE.from, '--to', RANGE.to, '--json', '--limit', '5'];
const mysqlUrl = () => `mysql://${MYSQL_USER.user}@${engines.maria.host}:${engines.maria.port}/calls`;
const TRACKER_FAILURES = `SELECT count(*) AS n FROM llm_tracker_usage WHERE created_at >= '2026-11-20 08:00:00' AND created_at < '2026-11-20 14:00:00' AND success = 0`;

describe('logdesk investigate on mapped tables', () => {
  it('--url PATH.db --table llm_tracker_usage picks the built-in mapping', async () => {
    const run = await runCli([
      'investigate',
      '--url',
      engines.sqliteFile,
      '--table',
      'llm_tracker_usage',
      ...range,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    const [expected] = await engines.oracle.sqlite(TRACKER_FAILURES);
    expect(doc.total).toBe(Number(expected!.n));
    expect(doc.errors).toHaveLength(5);
    expect(doc.patterns[0].count).toBe(12);
  });

  it('--url sqlite:///… without --table finds the one built-in table… or asks for it', async () => {
    const run = await runCli(['investigate', '--url', `sqlite://${engines.sqliteFile}`, ...range]);
    // Two built-in shapes live in the fixture file: the user must choose.
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--table');
    expect(run.stderr).toContain('llm_tracker_usage');
  });

  it('--url mysql://… --map maps a router table by hand, password from MYSQL_PWD', async () => {
    const run = await runCli(
      [
        'investigate',
        '--url',
        mysqlUrl(),
        '--table',
        'request_logs',
        '--map',
        'time=created_at',
        '--map',
        'model=model',
        '--map',
        'requestId=id',
        '--map',
        'errorMessage=error',
        '--map',
        'success=status_code',
        ...range,
      ],
      { MYSQL_PWD: MYSQL_USER.password },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    const [expected] = await engines.oracle.mysql(
      `SELECT count(*) AS n FROM request_logs WHERE created_at >= '2026-11-20 08:00:00' AND created_at < '2026-11-20 14:00:00' AND status_code NOT BETWEEN 200 AND 399`,
    );
    expect(doc.total).toBe(Number(expected!.n));
    expect(['429', '500']).toContain(doc.errors[0].statusCode);
  });

  it.each([
    [['--map', 'model=no_such_column'], 'model: column "no_such_column" does not exist'],
    [
      ['--map', 'time=user_id'],
      'time: column "user_id" of table "llm_tracker_usage" is varchar(255) (text); expected a time column',
    ],
    [['--map', 'totalTokens=model'], 'totalTokens: column "model"'],
    [['--map', 'colour=model'], '--map: unknown field "colour"'],
    [['--map', 'model'], '--map: expected FIELD=COLUMN'],
  ])('a bad mapping %j exits 2 naming the field', async (extra, message) => {
    const run = await runCli([
      'investigate',
      '--url',
      engines.sqliteFile,
      '--table',
      'llm_tracker_usage',
      ...extra,
      ...range,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('a missing table exits 3 naming it', async () => {
    const run = await runCli(['investigate', '--url', engines.sqliteFile, '--table', 'gone_table', ...range]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Table "gone_table" does not exist');
  });

  it('an unknown scheme exits 2', async () => {
    const run = await runCli(['investigate', '--url', 'mongodb://x/y', ...range]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected postgres://, mysql://, sqlite:///');
  });

  it('profiles add saves a SQLite file and a MySQL table with their mappings; investigate --profile reads them', async () => {
    const home = { LOGDESK_HOME: tempHome() };
    const file = await runCli(
      [
        'profiles',
        'add',
        'tracker',
        '--url',
        `sqlite://${engines.sqliteFile}`,
        '--table',
        'llm_tracker_usage',
      ],
      home,
    );
    expect(file.stderr).toBe('');
    expect(file.code).toBe(0);
    const maria = await runCli(
      [
        'profiles',
        'add',
        'router',
        '--url',
        mysqlUrl(),
        '--table',
        'request_logs',
        '--map',
        'time=created_at',
        '--map',
        'model=model',
        '--map',
        'success=status_code',
      ],
      { ...home, MYSQL_PWD: MYSQL_USER.password },
    );
    expect(maria.stderr).toBe('');
    expect(maria.code).toBe(0);
    const fromFile = JSON.parse(
      (await runCli(['investigate', '--profile', 'tracker', ...range], home)).stdout,
    );
    const [expected] = await engines.oracle.sqlite(TRACKER_FAILURES);
    expect(fromFile.total).toBe(Number(expected!.n));
    // The password went to the secret store (LOGDESK_SECRET_* here), not to the profile.
    const fromMysql = await runCli(['investigate', '--profile', 'router', ...range], {
      ...home,
      LOGDESK_SECRET_PROFILE_ROUTER_DBPASSWORD: MYSQL_USER.password,
    });
    expect(fromMysql.stderr).toBe('');
    expect(JSON.parse(fromMysql.stdout).errors[0].errorType).toBe('Unknown');
  });
});

describe('logdesk usage on mapped tables', () => {
  it('--table app_llmcalllog gives the same traffic JSON from SQLite and MySQL; failed equals investigate', async () => {
    const args = ['--table', 'app_llmcalllog', '--from', RANGE.from, '--to', RANGE.to, '--json'];
    const lite = await runCli(['usage', '--url', engines.sqliteFile, ...args]);
    const my = await runCli(['usage', '--url', mysqlUrl(), ...args], { MYSQL_PWD: MYSQL_USER.password });
    expect(lite.stderr).toBe('');
    expect(my.stderr).toBe('');
    const [a, b] = [JSON.parse(lite.stdout), JSON.parse(my.stdout)];
    const [expected] = await engines.oracle.sqlite(
      `SELECT count(*) AS n, sum(status <> 'success') AS failed FROM app_llmcalllog WHERE request_timestamp >= '2026-11-20 08:00:00' AND request_timestamp < '2026-11-20 14:00:00'`,
    );
    expect(a.summary).toMatchObject({
      requests: Number(expected!.n),
      failed: Number(expected!.failed),
      spendEstimated: true,
    });
    expect(a.summary.p95Ms).toBeGreaterThan(0);
    const strip = (d: Record<string, unknown>) => ({ ...d, timings: null, source: null });
    expect(strip(b)).toEqual(strip(a));
    const errors = JSON.parse((await runCli(['investigate', '--url', engines.sqliteFile, ...args])).stdout);
    expect(a.summary.failed).toBe(errors.total);
  });
});
