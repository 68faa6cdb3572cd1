import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecSettings } from '../../../../shared/contract/profiles.ts';
import { installContainerCli, type ContainerCli } from '../../../test-support/container-cli.ts';
import { OPTION_SHAPED } from '../../../test-support/hostile-values.ts';
import { runCli, tempHome } from '../../../test-support/run-cli.ts';
import { MYSQL_USER, startThreeEngines, type ThreeEngines } from '../../../test-support/three-engines.ts';
import { startWebServer, type WebServer } from '../../../web/web-server.ts';
import { createEngine, type Engine } from '../../engine.ts';
import { nodePlatform } from '../../platform/node-platform.ts';
import { ClientExecDatabase } from './client-exec-database.ts';
import { ExecDatabase } from './exec-database.ts';

/**
 * Issue #18, defect 1: a value of an exec profile that reaches a client's argv (`--database=--init-command=
 * INSERT …` made `mysql` write) is refused up front on every surface, and below that the argv never lets
 * one be read as an option. Real MariaDB, PostgreSQL and SQLite behind the docker/kubectl stand-ins;
 * the proof is the canary table of each engine and the statements each server logged.
 */
let engines: ThreeEngines;
let cli: ContainerCli;
let home: string;
let engine: Engine;
let web: WebServer;
const originalPath = process.env.PATH;
const PG_READER = { user: 'reader', password: 'reader-pw' };
const EVIL_SQL = '/tmp/logdesk-evil.sql';

beforeAll(async () => {
  engines = await startThreeEngines();
  // Every statement any client sends is logged: the general log (MariaDB), log_statement=all (PostgreSQL).
  await engines.maria.exec(`SET GLOBAL log_output = 'TABLE'; SET GLOBAL general_log = 1`);
  await engines.pg.exec(`CREATE ROLE ${PG_READER.user} LOGIN PASSWORD '${PG_READER.password}'`);
  await engines.pg.exec(`GRANT SELECT ON logdesk_canary TO ${PG_READER.user}`, [], 'calls');
  await engines.pg.exec(`ALTER SYSTEM SET log_statement = 'all'`);
  await engines.pg.exec(`ALTER SYSTEM SET log_line_prefix = '%u|'`);
  await engines.pg.exec('SELECT pg_reload_conf()');
  writeFileSync(EVIL_SQL, `INSERT INTO logdesk_canary VALUES ('pwned');\n`);
  cli = installContainerCli({
    pgHost: engines.pg.host,
    pgPort: engines.pg.port,
    containers: ['maria', 'pg', 'app'],
    pods: ['prod/db-0'],
  });
  process.env.PATH = cli.path; // the engine runs docker/kubectl from PATH, like a user's shell
  home = mkdtempSync(join(tmpdir(), 'logdesk-injection-'));
  mkdirSync(join(home, 'renderer'));
  writeFileSync(join(home, 'renderer', 'index.html'), '<!doctype html>');
  engine = createEngine(nodePlatform({ LOGDESK_HOME: home }));
  web = await startWebServer({ engine, rendererDir: join(home, 'renderer') });
}, 120_000);

afterAll(async () => {
  await web?.close();
  await engine?.close();
  process.env.PATH = originalPath;
  cli?.remove();
  await engines?.stop();
  rmSync(EVIL_SQL, { force: true });
  if (home) rmSync(home, { recursive: true, force: true });
});

const CANARY = {
  mysql: 'calls.logdesk_canary',
  psql: 'logdesk_canary',
  sqlite3: 'logdesk_canary',
  docker: 'calls.logdesk_canary',
  kubectl: 'calls.logdesk_canary',
};
/** Every client's option-shaped values, aimed at the canary of the engine `client` reaches. */
const hostile = (canary: string) =>
  Object.values(OPTION_SHAPED)
    .flat()
    .map((v) => v.replace('{canary}', canary));

const maria = () => ({
  engine: 'mysql' as const,
  database: 'calls',
  user: MYSQL_USER.user,
  host: '127.0.0.1',
  port: engines.maria.port,
});
const postgres = () => ({ database: 'calls', user: PG_READER.user });
const sqlite = () => ({ engine: 'sqlite' as const, file: engines.sqliteFile });
const docker = (container: string) => ({ kind: 'docker' as const, container });
const kubectl = { kind: 'kubectl' as const, pod: 'db-0', namespace: 'prod' };

/** Each field that reaches an argv, in a profile that is otherwise right. */
function fieldCases(): {
  field: string;
  exec: () => Record<string, unknown>;
  set: (exec: Record<string, unknown>, v: string) => void;
  canary: string;
}[] {
  const top = (name: string) => (exec: Record<string, unknown>, v: string) => void (exec[name] = v);
  const runner = (name: string) => (exec: Record<string, unknown>, v: string) =>
    void (exec.runner = { ...(exec.runner as object), [name]: v });
  return [
    ...(['database', 'user', 'host'] as const).map((f) => ({
      field: `exec.${f}`,
      exec: () => ({ runner: docker('maria'), ...maria() }),
      set: top(f),
      canary: CANARY.mysql,
    })),
    ...(['database', 'user', 'host', 'psql'] as const).map((f) => ({
      field: `exec.${f}`,
      exec: () => ({ runner: docker('pg'), ...postgres() }),
      set: top(f),
      canary: CANARY.psql,
    })),
    {
      field: 'exec.file',
      exec: () => ({ runner: docker('app'), ...sqlite() }),
      set: top('file'),
      canary: CANARY.sqlite3,
    },
    {
      field: 'exec.runner.container',
      exec: () => ({ runner: docker('maria'), ...maria() }),
      set: runner('container'),
      canary: CANARY.mysql,
    },
    {
      field: 'exec.runner.container',
      exec: () => ({ runner: { kind: 'podman', container: 'maria' }, ...maria() }),
      set: runner('container'),
      canary: CANARY.mysql,
    },
    ...(['pod', 'namespace', 'container', 'context'] as const).map((f) => ({
      field: `exec.runner.${f}`,
      exec: () => ({ runner: kubectl, ...maria() }),
      set: runner(f),
      canary: CANARY.mysql,
    })),
  ];
}

function post(
  name: string,
  args: unknown,
): Promise<{ status: number; body: { ok: boolean; error?: { code: string; message: string } } }> {
  return fetch(`${web.origin}/api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${web.token}` },
    body: JSON.stringify({ name, args }),
  }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as { ok: boolean; error?: { code: string; message: string } },
  }));
}

async function canaries(): Promise<Record<string, unknown[]>> {
  return {
    mysql: (await engines.oracle.mysql('SELECT note FROM logdesk_canary')).map((r) => r.note),
    postgres: (await engines.oracle.postgres('SELECT note FROM logdesk_canary')).map((r) => r.note),
    sqlite: (await engines.oracle.sqlite('SELECT note FROM logdesk_canary')).map((r) => r.note),
  };
}
const UNTOUCHED = { mysql: ['untouched'], postgres: ['untouched'], sqlite: ['untouched'] };

/** What Logdesk's sessions sent (the harness's own root/postgres sessions left out). */
async function statementsReceived(): Promise<{ mysql: string[]; postgres: string[] }> {
  const mysql = (await engines.maria.exec(
    `SELECT CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log WHERE command_type = 'Query' AND user_host NOT LIKE 'root%'`,
  )) as { sql_text: string }[];
  const postgres = readFileSync(join(engines.pg.dir, 'pg.log'), 'utf8')
    .split('\n')
    .filter((line) => /\|LOG: {2}statement: /.test(line) && !line.startsWith('postgres|'))
    .map((line) => line.replace(/^.*?statement: /, ''));
  return { mysql: mysql.map((r) => r.sql_text.trim()), postgres };
}
// psql's own session set-up and the COPY (SELECT …) TO STDOUT that carries each read's rows included.
const READ_ONLY_STATEMENT =
  /^(SET SESSION max_statement_time|SET SESSION time_zone|START TRANSACTION READ ONLY|BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY|SET LOCAL |SET client_encoding|SET standard_conforming_strings|SELECT |COPY \((SELECT|WITH) [\s\S]*\) TO STDOUT|COMMIT)/;

describe('exec profile values that a client would read as an option', () => {
  it('are refused by profiles.save and profiles.test over the web API, naming the field; nothing is saved or run', async () => {
    let checked = 0;
    for (const c of fieldCases()) {
      for (const value of hostile(c.canary)) {
        const exec = c.exec();
        c.set(exec, value);
        const profile = { name: 'inj', transport: 'exec', exec };
        for (const [name, args] of [
          ['profiles.save', { profile, secrets: { dbPassword: MYSQL_USER.password } }],
          ['profiles.test', { profile, secrets: { dbPassword: MYSQL_USER.password } }],
        ] as const) {
          const reply = await post(name, args);
          const label = `${name} ${c.field}=${value}`;
          expect(reply.status, label).toBe(400);
          expect(reply.body.error?.code, label).toBe('BAD_ARGUMENT');
          expect(reply.body.error?.message, label).toContain(`profile.${c.field}: must not start with "-"`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(400);
    expect((await post('profiles.list', {})).body).toEqual({ ok: true, result: { profiles: [] } });
    expect(await canaries()).toEqual(UNTOUCHED);
  });

  it('in a profiles file written before the fix, stop investigation.run with the field named, before any client starts', async () => {
    const other = mkdtempSync(join(tmpdir(), 'logdesk-injection-old-'));
    mkdirSync(join(other, 'data'), { recursive: true });
    const exec = {
      runner: docker('maria'),
      ...maria(),
      database: `--init-command=INSERT INTO calls.logdesk_canary VALUES ('pwned')`,
      passwordVia: 'env',
    };
    writeFileSync(
      join(other, 'data', 'profiles.json'),
      JSON.stringify({
        version: 1,
        profiles: [{ name: 'myinj', transport: 'exec', exec, defaultFilters: {} }],
      }),
    );
    const old = createEngine(
      nodePlatform({ LOGDESK_HOME: other, LOGDESK_SECRET_PROFILE_MYINJ_DBPASSWORD: MYSQL_USER.password }),
    );
    try {
      const reply = await old.dispatch('investigation.run', {
        source: { kind: 'profile', name: 'myinj' },
        filters: {},
      });
      expect(reply.ok).toBe(false);
      expect(!reply.ok && reply.error.code).toBe('BAD_ARGUMENT');
      expect(!reply.ok && reply.error.message).toMatch(/exec\.database: must not start with "-"/);
    } finally {
      await old.close();
      rmSync(other, { recursive: true, force: true });
    }
    expect(await canaries()).toEqual(UNTOUCHED);
  });

  it('never act as options even past the contract: 0 writes, only read-only statements reach MariaDB and PostgreSQL', async () => {
    const env = { ...process.env, PATH: cli.path };
    const read = (db: ExecDatabase | ClientExecDatabase) =>
      db
        .readOnly((q) => q.query('SELECT 1 AS one'))
        .then(
          () => 'read',
          (e: Error) => e.message,
        );
    const mysqlDb = (settings: Record<string, unknown>) =>
      new ClientExecDatabase({
        settings: { psql: 'psql', ...settings } as ExecSettings & { engine: 'mysql' | 'sqlite' },
        password: MYSQL_USER.password,
        env,
      });
    const pgDb = (settings: Record<string, unknown>) =>
      new ExecDatabase({
        settings: { psql: 'psql', ...settings } as ExecSettings,
        password: PG_READER.password,
        env,
        startupTimeoutMs: 20_000,
      });
    // The right profiles read, so the logs below do show Logdesk's statements.
    expect(await read(mysqlDb({ runner: docker('maria'), ...maria(), passwordVia: 'env' }))).toBe('read');
    expect(await read(mysqlDb({ runner: kubectl, ...maria() }))).toBe('read');
    expect(await read(pgDb({ runner: docker('pg'), ...postgres() }))).toBe('read');
    expect(await read(mysqlDb({ runner: docker('app'), ...sqlite() }))).toBe('read');
    const outcomes: string[] = [];
    for (const c of fieldCases()) {
      for (const value of hostile(c.canary)) {
        const exec = c.exec();
        c.set(exec, value);
        const db =
          exec.engine === undefined
            ? pgDb(exec)
            : mysqlDb({
                passwordVia:
                  exec.runner && (exec.runner as { kind: string }).kind === 'kubectl' ? 'stdin' : 'env',
                ...exec,
              });
        outcomes.push(`${c.field}=${value}: ${await read(db)}`);
      }
    }
    expect(outcomes.length).toBeGreaterThan(200);
    expect(await canaries()).toEqual(UNTOUCHED);
    const received = await statementsReceived();
    expect(received.mysql.length).toBeGreaterThan(0);
    expect(received.postgres.length).toBeGreaterThan(0);
    expect(received.mysql.filter((s) => !READ_ONLY_STATEMENT.test(s))).toEqual([]);
    expect(received.postgres.filter((s) => !READ_ONLY_STATEMENT.test(s))).toEqual([]);
  });
});

describe('the CLI refuses them too (each flag: profile-add-args.test.ts)', () => {
  it("profiles add exits 2 on the issue's value; investigate --profile on a stored one exits 2; nothing runs", async () => {
    const insert = `INSERT INTO calls.logdesk_canary VALUES ('pwned')`;
    const homeDir = tempHome();
    const env = { LOGDESK_HOME: homeDir, MYSQL_PWD: MYSQL_USER.password, PATH: cli.path };
    const add = await runCli(
      [
        'profiles',
        'add',
        'myinj',
        '--transport',
        'exec',
        '--engine',
        'mysql',
        '--docker',
        'maria',
        `--database=--database=--init-command=${insert}`,
        '--user',
        MYSQL_USER.user,
      ],
      env,
    );
    expect(add.code, add.stderr).toBe(2);
    expect(add.stderr).toContain('--database: must not start with "-"');
    const exec = {
      runner: docker('maria'),
      ...maria(),
      database: `--init-command=${insert}`,
      passwordVia: 'env',
    };
    mkdirSync(join(homeDir, 'data'), { recursive: true });
    writeFileSync(
      join(homeDir, 'data', 'profiles.json'),
      JSON.stringify({
        version: 1,
        profiles: [{ name: 'myinj', transport: 'exec', exec, defaultFilters: {} }],
      }),
    );
    const run = await runCli(
      ['investigate', '--profile', 'myinj', '--from', '2026-01-01', '--to', '2026-01-02'],
      { ...env, LOGDESK_SECRET_PROFILE_MYINJ_DBPASSWORD: MYSQL_USER.password },
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/exec\.database: must not start with "-"/);
    expect(await canaries()).toEqual(UNTOUCHED);
  }, 240_000);
});
