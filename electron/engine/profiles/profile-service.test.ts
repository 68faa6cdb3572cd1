import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { ProfileInput } from '../../../shared/contract/profiles.ts';
import { AppError } from '../../../shared/errors.ts';
import { createEngine, type Engine } from '../engine.ts';
import { nodePlatform } from '../platform/node-platform.ts';
import { loadFixture, RANGE } from '../../test-support/litellm-fixture.ts';
import { installContainerCli, type ContainerCli } from '../../test-support/container-cli.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { startSshd, type TestSshd } from '../../test-support/sshd-server.ts';

const DB_PASSWORD = `pw-'q"-\\-${Date.now()}`;
let server: TestPostgres;
let sshd: TestSshd;
let cli: ContainerCli;
let home: string;
let engine: Engine;
const originalEnv = { HOME: process.env.HOME, PATH: process.env.PATH };

const db = (database = 'fixture') => ({ host: '127.0.0.1', port: server.port, database, user: 'reader' });
const direct = (name = 'local', database = 'fixture'): ProfileInput => ({
  name,
  transport: 'direct',
  db: db(database),
});
const viaSsh = (name = 'tunnel'): ProfileInput => ({
  name,
  transport: 'ssh',
  db: db(),
  ssh: {
    host: sshd.host,
    port: sshd.port,
    user: sshd.keyUser,
    auth: { method: 'key', keyFile: sshd.keys.encrypted.path },
  },
});
const viaDocker = (name = 'container', container = 'litellm-db'): ProfileInput => ({
  name,
  transport: 'exec',
  exec: { runner: { kind: 'docker', container }, database: 'fixture', user: 'reader' },
});
const totalOf = async (name: string) =>
  (
    await engine.call('investigation.run', {
      source: { kind: 'profile', name },
      filters: { timeRange: { kind: 'absolute', ...RANGE } },
    })
  ).total;

async function createFixtureDb(name: string, extraRows = 0) {
  await server.createDatabase(name);
  const client = new pg.Client({ connectionString: server.url(name) });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  for (let i = 0; i < extraRows; i++) {
    // Failed requests (SpendLogs), what the total counts: ErrorLogs rows are failed attempts beside it (issue 19).
    await client.query(
      `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", status, metadata)
       VALUES ($1, '2026-03-10 11:00:00', '2026-03-10 11:00:00', 'failure', '{"error_information": {"error_class": "Extra"}}')`,
      [`extra-${i}`],
    );
  }
  await client.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader');
  await client.query('ANALYZE');
  await client.end();
}

beforeAll(async () => {
  [server, sshd] = await Promise.all([startPostgres({ passwordAuth: true }), startSshd()]);
  await server.exec(`CREATE ROLE reader LOGIN PASSWORD '${DB_PASSWORD.replace(/'/g, "''")}'`);
  await createFixtureDb('fixture');
  await createFixtureDb('other', 3);
  cli = installContainerCli({
    pgHost: server.host,
    pgPort: server.port,
    containers: ['litellm-db'],
    pods: [],
  });
  home = mkdtempSync(join(tmpdir(), 'logdesk-profiles-'));
  mkdirSync(join(home, '.ssh'));
  // The engine reads ~/.ssh (known_hosts, config) and runs docker from PATH, like a user's shell.
  process.env.HOME = home;
  process.env.PATH = cli.path;
  engine = createEngine(nodePlatform({ LOGDESK_HOME: join(home, 'logdesk') }));
});

afterAll(async () => {
  await engine?.close();
  Object.assign(process.env, originalEnv);
  cli?.remove();
  await sshd?.stop();
  if (server) await destroyPostgres(server);
  rmSync(home, { recursive: true, force: true });
});

describe('saving profiles', () => {
  it('keeps secrets out of profiles.json and reports them only as set', async () => {
    const saved = await engine.call('profiles.save', {
      profile: viaSsh(),
      secrets: { dbPassword: DB_PASSWORD, sshPassphrase: sshd.keys.encrypted.passphrase! },
    });
    expect(saved.hasSecret).toEqual({ dbPassword: true, sshPassphrase: true, sshPassword: false });
    expect(saved.description).toBe(
      `postgres://reader@127.0.0.1:${server.port}/fixture via ssh ${sshd.keyUser}@${sshd.host}:${sshd.port}`,
    );
    const dataDir = join(home, 'logdesk', 'data');
    const file = readFileSync(join(dataDir, 'profiles.json'), 'utf8');
    expect(file).toContain('"tunnel"');
    expect(file).not.toContain(DB_PASSWORD);
    expect(file).not.toContain(sshd.keys.encrypted.passphrase!);
    // Written atomically: no temporary file left beside it.
    expect(readdirSync(dataDir).filter((f) => f.startsWith('profiles'))).toEqual(['profiles.json']);
    const { profiles } = await engine.call('profiles.list', {});
    expect(profiles.map((p) => p.profile.name)).toEqual(['tunnel']);
    // A secret can be cleared without touching the profile.
    const cleared = await engine.call('profiles.save', {
      profile: viaSsh(),
      secrets: { sshPassphrase: null },
      replace: true,
    });
    expect(cleared.hasSecret).toEqual({ dbPassword: true, sshPassphrase: false, sshPassword: false });
    await engine.call('profiles.save', {
      profile: viaSsh(),
      secrets: { sshPassphrase: sshd.keys.encrypted.passphrase! },
      replace: true,
    });
  });

  it('refuses to overwrite a profile of the same name unless asked to replace it', async () => {
    await engine.call('profiles.save', {
      profile: direct('twice', 'fixture'),
      secrets: { dbPassword: DB_PASSWORD },
    });
    const file = join(home, 'logdesk', 'data', 'profiles.json');
    const before = readFileSync(file, 'utf8');
    const err = await engine
      .call('profiles.save', { profile: direct('twice', 'other'), secrets: { dbPassword: 'not-this-one' } })
      .catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_ARGUMENT');
    expect((err as AppError).message).toMatch(/profile named "twice" already exists.*replace/);
    // Nothing was written: neither the profile nor its secret.
    expect(readFileSync(file, 'utf8')).toBe(before);
    const kept = (await engine.call('profiles.list', {})).profiles.find((p) => p.profile.name === 'twice');
    expect(kept?.profile.transport === 'direct' && kept.profile.db.database).toBe('fixture');
    const replaced = await engine.call('profiles.save', { profile: direct('twice', 'other'), replace: true });
    expect(replaced.profile.transport === 'direct' && replaced.profile.db.database).toBe('other');
    await engine.call('profiles.remove', { name: 'twice' });
  });

  it('refuses a hand-edited profiles.json with the field at fault', async () => {
    const other = createEngine(nodePlatform({ LOGDESK_HOME: join(home, 'broken') }));
    const dataDir = join(home, 'broken', 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(
      join(dataDir, 'profiles.json'),
      JSON.stringify({
        version: 1,
        profiles: [
          { name: 'x', transport: 'direct', db: { host: 'h', database: 'd', user: 'u', port: 99999 } },
        ],
      }),
    );
    const err = await other.call('profiles.list', {}).catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/profiles\.json: profiles\.0\.db\.port: /);
    await other.close();
  });

  it('opens profiles for investigations and forgets the cached connection when a profile changes', async () => {
    await engine.call('profiles.save', {
      profile: direct('local', 'fixture'),
      secrets: { dbPassword: DB_PASSWORD },
    });
    const before = await totalOf('local');
    await engine.call('profiles.save', { profile: direct('local', 'other'), replace: true });
    expect(await totalOf('local')).toBe(before + 3);
    await engine.call('profiles.remove', { name: 'local' });
    const gone = await engine
      .call('investigation.run', { source: { kind: 'profile', name: 'local' } })
      .catch((e: AppError) => e);
    expect((gone as AppError).code).toBe('NOT_FOUND');
    expect((await engine.call('profiles.list', {})).profiles.map((p) => p.profile.name)).not.toContain(
      'local',
    );
  });

  it('says which secret is missing when nobody can be asked', async () => {
    await engine.call('profiles.save', { profile: direct('nopass') });
    const err = (await totalOf('nopass').catch((e: AppError) => e)) as AppError;
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.message).toMatch(/Database password of profile "nopass" is not set/);
    const tested = await engine.call('profiles.test', { name: 'nopass' });
    expect(tested.steps.at(-1)).toMatchObject({ step: 'database-login', ok: false });
    expect(tested.steps.at(-1)!.detail).toMatch(
      /Database password of profile "nopass" is not set: set PGPASSWORD or LOGDESK_SECRET_PROFILE_NOPASS_DBPASSWORD$/,
    );
  });
});

describe('testing a connection step by step', () => {
  it('reports an unknown host key with its fingerprint, accepts it, then passes every step', async () => {
    const first = await engine.call('profiles.test', { name: 'tunnel' });
    expect(first.ok).toBe(false);
    expect(first.steps.map((s) => `${s.step}:${s.ok}`)).toEqual(['ssh-connect:true', 'host-key:false']);
    expect(first.hostKey).toMatchObject({
      status: 'unknown',
      fingerprint: sshd.hostKeyFingerprint,
      host: sshd.host,
      port: sshd.port,
    });

    const accepted = await engine.call('profiles.acceptHostKey', {
      host: sshd.host,
      port: sshd.port,
      fingerprint: sshd.hostKeyFingerprint,
    });
    expect(accepted.file).toBe(join(home, 'logdesk', 'data', 'known_hosts'));

    const second = await engine.call('profiles.test', { name: 'tunnel' });
    expect(second.steps.map((s) => s.step)).toEqual([
      'ssh-connect',
      'host-key',
      'ssh-auth',
      'tunnel',
      'database-login',
      'litellm-tables',
      'server-version',
      'row-estimate',
    ]);
    expect(second.ok).toBe(true);
    expect(second.steps.every((s) => s.ok && s.ms >= 0)).toBe(true);
    const detail = Object.fromEntries(second.steps.map((s) => [s.step, s.detail]));
    expect(detail['server-version']).toMatch(/^PostgreSQL \d+/);
    expect(detail['litellm-tables']).toMatch(/found LiteLLM_SpendLogs, LiteLLM_ErrorLogs/);
    expect(detail['row-estimate']).toMatch(/LiteLLM_SpendLogs: ≈ 12 rows; LiteLLM_ErrorLogs: ≈ 5 rows/);
    expect(await totalOf('tunnel')).toBeGreaterThan(0);
  });

  it('tests an unsaved profile with the secrets typed into the form, storing nothing', async () => {
    const result = await engine.call('profiles.test', {
      profile: viaDocker('draft'),
      secrets: { dbPassword: DB_PASSWORD },
    });
    expect(result.steps.map((s) => `${s.step}:${s.ok}`)).toEqual([
      'database-login:true',
      'litellm-tables:true',
      'server-version:true',
      'row-estimate:true',
    ]);
    expect((await engine.call('profiles.list', {})).profiles.map((p) => p.profile.name)).not.toContain(
      'draft',
    );
  });

  it('shows where it fails: container, password, passphrase, SSH port', async () => {
    const failedStep = async (profile: ProfileInput, secrets = {}) => {
      const r = await engine.call('profiles.test', { profile, secrets });
      expect(r.ok).toBe(false);
      const last = r.steps[r.steps.length - 1]!;
      expect(last.ok).toBe(false);
      return `${last.step}: ${last.detail}`;
    };
    expect(await failedStep(viaDocker('x', 'missing'), { dbPassword: DB_PASSWORD })).toMatch(
      /^exec-start: The docker container "missing" does not exist/,
    );
    expect(await failedStep(viaDocker('x'), { dbPassword: 'wrong' })).toMatch(
      /^database-login: Login to .* refused/,
    );
    expect(await failedStep(direct('x'), { dbPassword: 'wrong' })).toMatch(
      /^database-login: Login to .* refused/,
    );
    expect(await failedStep(viaSsh('x'), { dbPassword: DB_PASSWORD })).toMatch(
      /^ssh-auth: The SSH key .* is encrypted/,
    );
    const closedPort = {
      ...viaSsh('x'),
      ssh: { host: '127.0.0.1', port: 1, auth: { method: 'agent' as const, socket: '/nonexistent' } },
    };
    expect(await failedStep(closedPort)).toMatch(/^ssh-auth: ssh-agent is not running/);
    const refused = {
      ...viaSsh('x'),
      ssh: { host: '127.0.0.1', port: 1, user: 'u', auth: { method: 'password' as const } },
    };
    expect(await failedStep(refused, { sshPassword: 'x' })).toMatch(
      /^ssh-connect: SSH connection to u@127\.0\.0\.1:1 refused/,
    );
  });
});
