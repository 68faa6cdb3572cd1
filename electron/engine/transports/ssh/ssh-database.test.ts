import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { parseHostKeyProblem, SshSettings, type SshAuth } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';
import { Filters } from '../../../../shared/filters.ts';
import { parsePostgresUrl } from '../../../../shared/source-url.ts';
import { PgDatabase } from '../../db/pg-database.ts';
import { investigate } from '../../sources/litellm/investigate.ts';
import { loadFixture, RANGE } from '../../../test-support/litellm-fixture.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../../test-support/pg-server.ts';
import { startSshAgent, startSshd, type TestSshd } from '../../../test-support/sshd-server.ts';
import { HostKeyStore } from './host-key-store.ts';
import type { SshSecrets } from './ssh-auth.ts';
import { SshDatabase } from './ssh-database.ts';
import { connectSsh } from './ssh-connect.ts';
import { SshTunnel } from './ssh-tunnel.ts';

const DB_PASSWORD = `db-'pw"\\-${Date.now()}`;
let server: TestPostgres;
let sshd: TestSshd;
let dir: string;
let knownHosts: string;
let accepted: string;
const dirs: string[] = [];
const open: { close(): Promise<void> }[] = [];
const env = () => ({ home: dir, localUser: userInfo().username, configFile: join(dir, 'ssh_config') });
const store = () => new HostKeyStore({ read: [knownHosts], accepted });

function database(
  auth: SshAuth,
  secrets: SshSecrets = {},
  extra: Partial<SshSettings> = {},
  hostKeys = store(),
): SshDatabase {
  const db = new SshDatabase({
    target: { ...parsePostgresUrl(server.url('fixture', 'reader')).target, host: '127.0.0.1' },
    password: DB_PASSWORD,
    ssh: SshSettings.parse({ host: sshd.host, port: sshd.port, user: sshd.keyUser, auth, ...extra }),
    sshSecrets: secrets,
    hostKeys,
    env: env(),
  });
  open.push(db);
  return db;
}

const trustHost = () => writeFileSync(knownHosts, `[${sshd.host}]:${sshd.port} ${sshd.hostKeyLine}\n`);
const plainKey = (): SshAuth => ({ method: 'key', keyFile: sshd.keys.plain.path });
const total = async (db: SshDatabase | PgDatabase) =>
  (
    await investigate(db, Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit: 1000 }), {
      now: Date.parse(RANGE.to),
    })
  ).total;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

let expectedTotal = 0;

beforeAll(async () => {
  [server, sshd] = await Promise.all([
    startPostgres({ passwordAuth: true }),
    startSshd({ passwordUser: true }),
  ]);
  await server.createDatabase('fixture');
  const client = new pg.Client({ connectionString: server.url('fixture') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  await client.query(`CREATE ROLE reader LOGIN PASSWORD ${client.escapeLiteral(DB_PASSWORD)}`);
  await client.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader');
  await client.end();
  const direct = new PgDatabase({
    target: parsePostgresUrl(server.url('fixture', 'reader')).target,
    password: DB_PASSWORD,
  });
  expectedTotal = await total(direct);
  await direct.close();
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-ssh-test-'));
  dirs.push(dir);
  knownHosts = join(dir, 'known_hosts');
  accepted = join(dir, 'accepted_hosts');
});

afterAll(async () => {
  await Promise.all(open.map((db) => db.close()));
  await sshd?.stop();
  if (server) await destroyPostgres(server);
});

describe('host keys', () => {
  it('reports an unknown key with its SHA256 fingerprint, then remembers it once accepted', async () => {
    const hostKeys = store();
    const err = await failure(database(plainKey(), {}, {}, hostKeys).readOnly((q) => q.query('SELECT 1')));
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toContain(sshd.hostKeyFingerprint);
    const problem = parseHostKeyProblem(err.detail);
    expect(problem).toMatchObject({
      status: 'unknown',
      host: sshd.host,
      port: sshd.port,
      keyType: 'ssh-ed25519',
      fingerprint: sshd.hostKeyFingerprint,
    });

    expect(() => hostKeys.accept(sshd.host, sshd.port, `SHA256:${'A'.repeat(43)}`)).toThrow(/not accepted/);
    expect(hostKeys.accept(sshd.host, sshd.port, sshd.hostKeyFingerprint)).toBe(accepted);
    // Stored hashed, like HashKnownHosts: OpenSSH itself finds it.
    expect(readFileSync(accepted, 'utf8')).toMatch(/^\|1\|/);
    expect(
      execFileSync('ssh-keygen', ['-F', `[${sshd.host}]:${sshd.port}`, '-f', accepted], { encoding: 'utf8' }),
    ).toContain('ssh-ed25519');
    expect(await total(database(plainKey(), {}, {}, store()))).toBe(expectedTotal);
  });

  it('finds keys in an OpenSSH-hashed known_hosts', async () => {
    trustHost();
    execFileSync('ssh-keygen', ['-q', '-H', '-f', knownHosts], { stdio: 'pipe' });
    expect(readFileSync(knownHosts, 'utf8')).not.toContain(sshd.host);
    expect(await total(database(plainKey()))).toBe(expectedTotal);
  });

  it('refuses a changed key with a clear warning', async () => {
    const other = join(dir, 'other');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const tampered = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(knownHosts, `[${sshd.host}]:${sshd.port} ${tampered}\n`);
    const hostKeys = store();
    const err = await failure(database(plainKey(), {}, {}, hostKeys).readOnly((q) => q.query('SELECT 1')));
    expect(err.message).toMatch(/WARNING: the SSH host key of .* has CHANGED/);
    expect(parseHostKeyProblem(err.detail)?.status).toBe('changed');
    // A changed key can never be accepted from Logdesk.
    expect(() => hostKeys.accept(sshd.host, sshd.port, sshd.hostKeyFingerprint)).toThrow(
      /No unknown host key/,
    );
  });
});

describe('authentication', () => {
  beforeEach(trustHost);

  it('logs in with an OpenSSH key, an encrypted key and passphrase, a PEM key and passphrase', async () => {
    expect(await total(database(plainKey()))).toBe(expectedTotal);
    const { encrypted, pem } = sshd.keys;
    expect(
      await total(database({ method: 'key', keyFile: encrypted.path }, { passphrase: encrypted.passphrase })),
    ).toBe(expectedTotal);
    expect(await total(database({ method: 'key', keyFile: pem.path }, { passphrase: pem.passphrase }))).toBe(
      expectedTotal,
    );
  });

  it('asks for a missing passphrase and names a wrong one', async () => {
    const keyFile = sshd.keys.encrypted.path;
    const missing = await failure(database({ method: 'key', keyFile }).readOnly((q) => q.query('SELECT 1')));
    expect([missing.code, missing.message]).toEqual([
      'AUTH_FAILED',
      `The SSH key ${keyFile} is encrypted: its passphrase is needed`,
    ]);
    const wrong = await failure(
      database({ method: 'key', keyFile }, { passphrase: 'nope' }).readOnly((q) => q.query('SELECT 1')),
    );
    expect([wrong.code, wrong.message]).toEqual([
      'AUTH_FAILED',
      `Wrong passphrase for the SSH key ${keyFile}`,
    ]);
  });

  it('logs in with a password, and says when it is refused', async () => {
    const user = sshd.passwordUser!;
    const ok = database({ method: 'password' }, { password: user.password }, { user: user.name });
    expect(await total(ok)).toBe(expectedTotal);
    const bad = database({ method: 'password' }, { password: 'wrong' }, { user: user.name });
    const err = await failure(bad.readOnly((q) => q.query('SELECT 1')));
    expect([err.code, err.message]).toEqual([
      'AUTH_FAILED',
      `SSH login to ${user.name}@${sshd.host}:${sshd.port} refused (password)`,
    ]);
  });

  it('logs in through a running ssh-agent', async () => {
    const agent = startSshAgent(dir, [sshd.keys.plain]);
    try {
      expect(await total(database({ method: 'agent', socket: agent.socket }))).toBe(expectedTotal);
    } finally {
      agent.stop();
    }
  });

  it('resolves a ~/.ssh/config alias (HostName, User, Port, IdentityFile) and a jump host', async () => {
    writeFileSync(
      join(dir, 'ssh_config'),
      `Host dbbox\n  HostName ${sshd.host}\n  Port ${sshd.port}\n  User ${sshd.keyUser}\n  IdentityFile ${sshd.keys.plain.path}\n\nHost hop\n  HostName ${sshd.host}\n  Port ${sshd.port}\n  ProxyJump ${sshd.keyUser}@${sshd.host}:${sshd.port}\n`,
    );
    const viaAlias = new SshDatabase({
      target: { ...parsePostgresUrl(server.url('fixture', 'reader')).target },
      password: DB_PASSWORD,
      ssh: SshSettings.parse({ host: 'dbbox', auth: { method: 'key' } }),
      sshSecrets: {},
      hostKeys: store(),
      env: env(),
    });
    open.push(viaAlias);
    expect(viaAlias.description).toBe(
      `postgres://reader@127.0.0.1:${server.port}/fixture via ssh ${sshd.keyUser}@${sshd.host}:${sshd.port}`,
    );
    expect(await total(viaAlias)).toBe(expectedTotal);

    const steps: string[] = [];
    const session = await connectSsh({
      settings: SshSettings.parse({ host: 'hop', user: sshd.keyUser, auth: plainKey() }),
      secrets: {},
      hostKeys: store(),
      env: env(),
      onStep: (step, ok) => steps.push(`${step}:${ok}`),
    });
    session.close();
    // Both hops log in: the jump host, then the target through it.
    expect(steps).toEqual([
      'ssh-connect:true',
      'host-key:true',
      'ssh-auth:true',
      'ssh-connect:true',
      'host-key:true',
      'ssh-auth:true',
    ]);
    expect(session.where).toBe(
      `${sshd.keyUser}@${sshd.host}:${sshd.port} via ${sshd.keyUser}@${sshd.host}:${sshd.port}`,
    );
  });
});

describe('ProxyCommand', () => {
  beforeEach(trustHost);

  it("reaches the server through ~/.ssh/config's ProxyCommand (ssh -W through a bastion), tokens expanded", async () => {
    const bastion = [
      'ssh -F /dev/null -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null',
      `-i ${sshd.keys.plain.path} -p ${sshd.port} ${sshd.keyUser}@${sshd.host} -W %h:%p`,
    ].join(' ');
    writeFileSync(
      join(dir, 'ssh_config'),
      `Host behind-bastion\n  HostName ${sshd.host}\n  Port ${sshd.port}\n  User ${sshd.keyUser}\n  IdentityFile ${sshd.keys.plain.path}\n  ProxyCommand ${bastion}\n`,
    );
    const steps: string[] = [];
    const session = await connectSsh({
      settings: SshSettings.parse({ host: 'behind-bastion', auth: { method: 'key' } }),
      secrets: {},
      hostKeys: store(),
      env: env(),
      onStep: (step, ok) => steps.push(`${step}:${ok}`),
    });
    session.close();
    expect(steps).toEqual(['ssh-connect:true', 'host-key:true', 'ssh-auth:true']);
    expect(session.where).toBe(`${sshd.keyUser}@${sshd.host}:${sshd.port} via ProxyCommand`);

    const db = new SshDatabase({
      target: { ...parsePostgresUrl(server.url('fixture', 'reader')).target },
      password: DB_PASSWORD,
      ssh: SshSettings.parse({ host: 'behind-bastion', auth: { method: 'key' } }),
      sshSecrets: {},
      hostKeys: store(),
      env: env(),
    });
    open.push(db);
    expect(await total(db)).toBe(expectedTotal);
  });

  it('says why a proxy command failed, in its own words, however often it fails', async () => {
    const db = database(
      plainKey(),
      {},
      { proxyCommand: `sh -c 'echo "bastion: access denied for %r" >&2; exit 7'` },
    );
    const err = await failure(db.readOnly((q) => q.query('SELECT 1')));
    expect([err.code, err.message]).toEqual([
      'CONNECTION_FAILED',
      `The ProxyCommand (sh) for ${sshd.keyUser}@${sshd.host}:${sshd.port} exited with code 7: bastion: access denied for ${sshd.keyUser}`,
    ]);
    // A dying proxy makes ssh2 report the lost connection more than once; an unheard report would
    // kill the process (vitest fails the run on it). Repeat to meet the race.
    const settings = (proxyCommand: string) =>
      SshSettings.parse({
        host: sshd.host,
        port: sshd.port,
        user: sshd.keyUser,
        auth: plainKey(),
        proxyCommand,
      });
    for (let i = 0; i < 20; i++) {
      const quiet = i % 2 === 0;
      const failed = await failure(
        connectSsh({
          settings: settings(quiet ? 'exec cat /dev/null' : 'exit 3'),
          secrets: {},
          hostKeys: store(),
          env: env(),
        }),
      );
      expect(failed.message).toMatch(
        quiet ? /ended before the SSH handshake \(exit code 0\)$/ : /exited with code 3$/,
      );
    }
  });

  it('takes either a jump host or a proxy command in a profile, not both', () => {
    const both = SshSettings.safeParse({ host: 'db', jump: 'bastion', proxyCommand: 'nc %h %p' });
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]).toMatchObject({
      path: ['proxyCommand'],
      message: 'set either a jump host or a proxy command, not both',
    });
  });
});

describe('tunnel lifecycle', () => {
  beforeEach(trustHost);

  it('connects lazily and closes the SSH session when idle', async () => {
    const db = database(plainKey(), {}, {});
    expect(db.sshConnected).toBe(false);
    const tunnel = new SshTunnel({
      connect: () =>
        connectSsh({
          settings: SshSettings.parse({
            host: sshd.host,
            port: sshd.port,
            user: sshd.keyUser,
            auth: plainKey(),
          }),
          secrets: {},
          hostKeys: store(),
          env: env(),
        }),
      target: { host: server.host, port: server.port },
      idleMs: 200,
    });
    const local = await tunnel.listen();
    expect(tunnel.isConnected).toBe(false);
    const socket = connect(local.port, local.host);
    await new Promise((resolve) => socket.once('connect', resolve));
    await tunnel.ensureSession();
    expect(tunnel.isConnected).toBe(true);
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(tunnel.isConnected).toBe(false);
    await tunnel.close();
  });

  it('says when the SSH server cannot reach the database port', async () => {
    const db = new SshDatabase({
      target: { host: '127.0.0.1', port: 1, database: 'fixture', user: 'reader', tls: 'disable' },
      ssh: SshSettings.parse({ host: sshd.host, port: sshd.port, user: sshd.keyUser, auth: plainKey() }),
      sshSecrets: {},
      hostKeys: store(),
      env: env(),
    });
    open.push(db);
    const err = await failure(db.readOnly((q) => q.query('SELECT 1')));
    expect(err.message).toMatch(/could not open a tunnel to 127\.0\.0\.1:1/);
  });
});

describe('sshd killed mid-tunnel (fault suite)', () => {
  it('fails the running read with a clear connection error, and the next read opens a new tunnel', async () => {
    trustHost();
    const db = database(plainKey());
    expect(await total(db)).toBe(expectedTotal);
    const reading = failure(
      db.readOnly((sql) => sql.query(`SELECT pg_sleep(20), 'ssh-kill-probe' AS probe`)),
    );
    for (let i = 0; i < 200; i++) {
      const { rows } = await server.exec(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%ssh-kill-probe%' AND pid <> pg_backend_pid()`,
      );
      if (rows[0].n > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    // The per-connection sshd processes die (as in a crash or an OOM kill); the listener stays.
    const { execFileSync } = await import('node:child_process');
    const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(sshd.pid)], { encoding: 'utf8' })
      .split('\n')
      .map(Number)
      .filter(Boolean);
    expect(children.length).toBeGreaterThan(0);
    for (const pid of children) {
      // A listed child may already be gone (sshd's short-lived helpers): that one needs no killing.
      try {
        process.kill(pid, 'SIGKILL');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    }
    const started = Date.now();
    const err = await reading;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toMatch(/lost mid-query|ssh|SSH|reset/);
    expect(await total(db)).toBe(expectedTotal);
  }, 60_000);
});

afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
