import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshSettings } from '../../../shared/contract/profiles.ts';
import { startSshd, type TestSshd } from '../../test-support/sshd-server.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { HostKeyStore } from '../transports/ssh/host-key-store.ts';
import { SshDatabase } from '../transports/ssh/ssh-database.ts';
import { SshMysqlDatabase } from '../transports/ssh/ssh-mysql-database.ts';
import { Filters } from '../../../shared/filters.ts';
import type { ExecSettings } from '../../../shared/contract/profiles.ts';
import { RANGE } from '../../test-support/call-log-fixture.ts';
import { installContainerCli, type ContainerCli } from '../../test-support/container-cli.ts';
import { MYSQL_USER, startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';
import type { Database } from '../db/database.ts';
import { ClientExecDatabase } from '../transports/exec/client-exec-database.ts';
import { openCallSource } from './open-mapped.ts';
import { TrafficFilters } from '../../../shared/traffic.ts';
import { DEFAULT_PRICES } from '../llm/price-table.ts';
import { Profile } from '../../../shared/contract/profiles.ts';
import { databaseFor } from '../profiles/open-profile.ts';
import { testConnection } from '../profiles/check-connection.ts';

/** The engine's clock in these tests: after every range they read (absolute ranges do not depend on it). */
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

let engines: ThreeEngines;
let cli: ContainerCli;
let sshd: TestSshd;
let sshDir: string;
beforeAll(async () => {
  [engines, sshd] = await Promise.all([startThreeEngines(), startSshd()]);
  sshDir = mkdtempSync(join(tmpdir(), 'logdesk-ssh-home-'));
  writeFileSync(join(sshDir, 'known_hosts'), `[${sshd.host}]:${sshd.port} ${sshd.hostKeyLine}\n`);
  cli = installContainerCli({
    pgHost: engines.pg.host,
    pgPort: engines.pg.port,
    containers: ['maria', 'app'],
    pods: ['prod/app-0'],
  });
});
afterAll(async () => {
  cli?.remove();
  await sshd?.stop();
  if (sshDir) rmSync(sshDir, { recursive: true, force: true });
  await engines?.stop();
});

const filters = Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit: 1000 });

function execDb(
  engine: 'mysql' | 'sqlite',
  runner: ExecSettings['runner'],
  passwordVia?: 'env' | 'stdin',
): Database {
  const settings = {
    runner,
    engine,
    database: 'calls',
    user: MYSQL_USER.user,
    psql: 'psql',
    ...(engine === 'mysql'
      ? { host: engines.maria.host, port: engines.maria.port }
      : { file: engines.sqliteFile }),
    ...(passwordVia ? { passwordVia } : {}),
  };
  // A password in the parent's environment must not reach the client unless asked for by name.
  return new ClientExecDatabase({
    settings,
    password: MYSQL_USER.password,
    env: { ...cli.env, MYSQL_PWD: 'wrong' },
  });
}

/** Errors and traffic of the tracker table: the JSON every path must give alike (timings aside). */
async function tracker(db: Database) {
  const mapped = await openCallSource(db, { table: 'llm_tracker_usage' });
  expect(mapped.kind).toBe('mapped');
  const errors = await mapped.investigate(filters, { now: NOW });
  const usage = await mapped.traffic(TrafficFilters.parse({ timeRange: filters.timeRange }), {
    now: NOW,
    prices: DEFAULT_PRICES,
    page: { sort: 'time', direction: 'desc', cursor: null, limit: 1000 },
  });
  return { ...errors, usage: { ...usage, timings: null } };
}

function sshOptions() {
  return {
    ssh: SshSettings.parse({
      host: sshd.host,
      port: sshd.port,
      user: sshd.keyUser,
      auth: { method: 'key', keyFile: sshd.keys.plain.path },
    }),
    sshSecrets: {},
    hostKeys: new HostKeyStore({ read: [join(sshDir, 'known_hosts')], accepted: join(sshDir, 'accepted') }),
    env: { home: sshDir, localUser: userInfo().username, configFile: join(sshDir, 'ssh_config') },
  };
}

describe('the same JSON over direct and an SSH tunnel', () => {
  it('MySQL through the tunnel', async () => {
    const db = new SshMysqlDatabase({
      target: {
        host: '127.0.0.1',
        port: engines.maria.port,
        database: 'calls',
        user: MYSQL_USER.user,
        tls: 'disable',
      },
      password: MYSQL_USER.password,
      ...sshOptions(),
    });
    try {
      expect(db.description).toContain('via ssh');
      expect(await tracker(db)).toEqual(await tracker(engines.open('mysql')));
    } finally {
      await db.close();
    }
  });

  it('PostgreSQL through the tunnel, a mapped table', async () => {
    const db = new SshDatabase({
      target: { ...parsePostgresUrl(engines.pg.url('calls')).target, host: '127.0.0.1' },
      ...sshOptions(),
    });
    try {
      expect(await tracker(db)).toEqual(await tracker(engines.open('postgres')));
    } finally {
      await db.close();
    }
  });
});

describe("a profile's statement timeout holds for MySQL over every path", () => {
  const SLOW = 'SELECT SLEEP(30) AS slept';
  it.each([
    ['direct', { transport: 'direct' }],
    ['ssh', { transport: 'ssh' }],
    ['exec', { transport: 'exec' }],
  ] as const)('%s: a 1 s limit stops a 4 s statement', async (_label, { transport }) => {
    const db = {
      host: '127.0.0.1',
      port: engines.maria.port,
      database: 'calls',
      user: MYSQL_USER.user,
      engine: 'mysql' as const,
    };
    const profile = Profile.parse({
      name: 'slow',
      statementTimeoutSeconds: 1,
      transport,
      ...(transport === 'exec'
        ? {
            exec: {
              runner: { kind: 'docker', container: 'maria' },
              engine: 'mysql',
              database: 'calls',
              user: MYSQL_USER.user,
              host: db.host,
              port: db.port,
              passwordVia: 'env',
            },
          }
        : { db }),
      ...(transport === 'ssh' ? { ssh: sshOptions().ssh } : {}),
    });
    const { hostKeys, env } = sshOptions();
    const opened = databaseFor(
      profile,
      { dbPassword: MYSQL_USER.password },
      { hostKeys, sshEnv: env, processEnv: cli.env },
    );
    try {
      const started = Date.now();
      const err = await opened
        .readOnly((sql) => sql.query(SLOW))
        .then(
          () => null,
          (e: unknown) => e as { code?: string },
        );
      expect(err?.code).toBe('TIMEOUT');
      // The 1 s timeout, not the 30 s statement, ended it (room left for a loaded machine).
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await opened.close();
    }
  });
});

describe('profiles.test of MySQL over SSH', () => {
  it('reports the SSH steps, the tunnel, then the mapped-source steps', async () => {
    const { ssh, hostKeys, env } = sshOptions();
    const profile = Profile.parse({
      name: 'maria-ssh',
      transport: 'ssh',
      ssh,
      db: {
        host: '127.0.0.1',
        port: engines.maria.port,
        database: 'calls',
        user: MYSQL_USER.user,
        engine: 'mysql',
      },
      source: { table: 'llm_tracker_usage' },
    });
    const result = await testConnection(
      profile,
      databaseFor(profile, { dbPassword: MYSQL_USER.password }, { hostKeys, sshEnv: env }),
    );
    expect(result.steps.map((s) => `${s.step}:${s.ok}`)).toEqual([
      'ssh-connect:true',
      'host-key:true',
      'ssh-auth:true',
      'tunnel:true',
      'database-login:true',
      'server-version:true',
      'source-table:true',
      'row-estimate:true',
      'read-only:true',
    ]);
  });
});

describe('the same JSON over direct and exec', () => {
  it.each([
    ['mysql', 'docker exec, password by env name', { kind: 'docker', container: 'maria' }, 'env'],
    [
      'mysql',
      'kubectl exec, password on stdin',
      { kind: 'kubectl', pod: 'app-0', namespace: 'prod' },
      undefined,
    ],
    ['sqlite', 'docker exec sqlite3', { kind: 'docker', container: 'app' }, undefined],
    ['sqlite', 'kubectl exec sqlite3', { kind: 'kubectl', pod: 'app-0', namespace: 'prod' }, undefined],
  ] as const)('%s through %s', async (engine, _label, runner, via) => {
    const direct = await tracker(engines.open(engine));
    const overExec = await tracker(execDb(engine, runner, via));
    expect(direct.total).toBeGreaterThan(12);
    expect(overExec).toEqual(direct);
  });

  it.each(['mysql', 'sqlite'] as const)(
    '%s over exec refuses writes; the canary is untouched',
    async (engine) => {
      const db = execDb(
        engine,
        { kind: 'docker', container: engine === 'mysql' ? 'maria' : 'app' },
        engine === 'mysql' ? 'env' : undefined,
      );
      const table = engine === 'mysql' ? '`logdesk_canary`' : '"logdesk_canary"';
      await expect(
        db.readOnly((sql) => sql.query(`INSERT INTO ${table} VALUES ('written')`)),
      ).rejects.toThrow();
      await expect(db.readOnly((sql) => sql.query(`DELETE FROM ${table}`))).rejects.toThrow();
      const rows = await engines.oracle[engine](`SELECT note FROM logdesk_canary`);
      expect(rows.map((r) => r.note)).toEqual(['untouched']);
    },
  );

  it('hostile filter values travel as literals that cannot break out', async () => {
    const db = await openCallSource(execDb('mysql', { kind: 'docker', container: 'maria' }, 'env'), {
      table: 'llm_tracker_usage',
    });
    const hostile = Filters.parse({
      ...filters,
      keyAliases: [`x'; DROP TABLE logdesk_canary; --`, 'a\\b?', '"`?'],
      text: `?' OR '1'='1`,
    });
    const result = await db.investigate(hostile, { now: NOW });
    expect(result.total).toBe(0);
    expect(await engines.oracle.mysql('SELECT note FROM logdesk_canary')).toHaveLength(1);
  });
});
