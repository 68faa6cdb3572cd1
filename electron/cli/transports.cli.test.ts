import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../engine/demo/generator.ts';
import { insertRows, loadDemoData } from '../engine/demo/loader.ts';
import { demoScenario } from '../engine/demo/scenario.ts';
import { installContainerCli, type ContainerCli } from '../test-support/container-cli.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { runCli, type CliRun } from '../test-support/run-cli.ts';
import { startSshd, type TestSshd } from '../test-support/sshd-server.ts';
import { main } from './main.ts';

/**
 * One suite, every transport: the same `logdesk investigate --profile … --json` through a direct
 * connection, an SSH tunnel (real sshd) and psql in a "container" (docker and kubectl stand-ins
 * running the real psql) must print the same document, apart from the source description.
 */
const NOW = Date.parse('2026-03-20T15:37:00Z');
const DB_PASSWORD = `db-'pw"\\ é-${Date.now()}`;
const HOSTILE_ALIAS = 'ops\'team "night"\nback\\slash 🚀 $1';
const TRANSPORTS = ['direct', 'tunnel', 'docker', 'pod'] as const;
const range = ['--from', new Date(NOW - 24 * 3_600_000).toISOString(), '--to', new Date(NOW).toISOString()];

let server: TestPostgres;
let sshd: TestSshd;
let cli: ContainerCli;
let home: string;
let env: NodeJS.ProcessEnv;
const leaks: string[] = [];
let watcher: NodeJS.Timeout;

/** `logdesk …` as a separate process, as a user runs it. */
const run = (args: string[], extra: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
  runCli(args, { ...env, ...extra });

/** The same CLI in this process (no tsx start-up per run): for the many runs of the transport matrix. */
async function runHere(args: string[]): Promise<CliRun> {
  const started = Date.now();
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { code, stdout, stderr, ms: Date.now() - started };
}

/** Every process's argv, as anyone can read it; the test fails if one ever holds a secret. */
function watchProcessList(secrets: string[]): NodeJS.Timeout {
  return setInterval(() => {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const line = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (secrets.some((s) => line.includes(s))) leaks.push(line.replace(/\0/g, ' '));
      } catch {
        // gone
      }
    }
  }, 25);
}

beforeAll(async () => {
  [server, sshd] = await Promise.all([startPostgres({ passwordAuth: true }), startSshd()]);
  await server.createDatabase('litellm');
  const client = new pg.Client({ connectionString: server.url('litellm') });
  await client.connect();
  const exec = (sql: string, params?: readonly unknown[]) => client.query(sql, params as unknown[]);
  await loadDemoData(exec, generateDemoData({ ...demoScenario, days: 1 }, NOW));
  const at = (minutesAgo: number) =>
    new Date(NOW - minutesAgo * 60_000).toISOString().replace('T', ' ').replace('Z', '');
  await insertRows(
    exec,
    'LiteLLM_SpendLogs',
    [1, 2, 3].map((i) => ({
      request_id: `hostile-${i}`,
      startTime: at(30 + i),
      endTime: at(30 + i),
      model_group: 'gpt-4o',
      status: 'failure',
      metadata: {
        user_api_key_alias: HOSTILE_ALIAS,
        error_information: {
          error_class: 'BadRequestError',
          error_code: '400',
          error_message: `line 1\nline "2" 'q' \\ ${i} — ünïcödé\r\n\t$2`,
        },
      },
    })),
    ['request_id', 'startTime', 'endTime', 'model_group', 'status', 'metadata'],
    { metadata: 'jsonb', startTime: 'timestamp', endTime: 'timestamp' },
  );
  await client.query(`CREATE ROLE reader LOGIN PASSWORD ${client.escapeLiteral(DB_PASSWORD)}`);
  await client.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader');
  await client.end();

  cli = installContainerCli({
    pgHost: server.host,
    pgPort: server.port,
    containers: ['litellm-db'],
    pods: ['llm/postgres-0'],
  });
  home = mkdtempSync(join(tmpdir(), 'logdesk-transports-'));
  mkdirSync(join(home, '.ssh'));
  const secret = (profile: string) => `LOGDESK_SECRET_PROFILE_${profile.toUpperCase()}_DBPASSWORD`;
  const { PGPASSWORD: _none, ...base } = process.env;
  env = {
    ...base,
    HOME: home,
    PATH: cli.path,
    LOGDESK_HOME: join(home, 'logdesk'),
    ...Object.fromEntries(TRANSPORTS.map((t) => [secret(t), DB_PASSWORD])),
    LOGDESK_SECRET_PROFILE_TUNNEL_SSHPASSPHRASE: sshd.keys.encrypted.passphrase,
  };
  watcher = watchProcessList([DB_PASSWORD, sshd.keys.encrypted.passphrase!]);
  // runHere reads the environment like the real CLI does.
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
});

const originalEnv = { ...process.env };

afterAll(async () => {
  clearInterval(watcher);
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, originalEnv);
  cli?.remove();
  await sshd?.stop();
  if (server) await destroyPostgres(server);
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('logdesk profiles add', () => {
  it('saves one profile per transport, secrets from the environment only', async () => {
    const db = [
      '--host',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--database',
      'litellm',
      '--user',
      'reader',
    ];
    const adds = [
      ['direct', '--url', `postgres://reader@127.0.0.1:${server.port}/litellm`],
      [
        'tunnel',
        '--transport',
        'ssh',
        '--ssh-host',
        sshd.host,
        '--ssh-port',
        String(sshd.port),
        '--ssh-user',
        sshd.keyUser,
        '--ssh-key',
        sshd.keys.encrypted.path,
        ...db,
      ],
      [
        'docker',
        '--transport',
        'exec',
        '--docker',
        'litellm-db',
        '--database',
        'litellm',
        '--user',
        'reader',
        '--since',
        '24h',
      ],
      [
        'pod',
        '--transport',
        'exec',
        '--kubectl',
        'postgres-0',
        '--namespace',
        'llm',
        '--database',
        'litellm',
        '--user',
        'reader',
      ],
    ];
    for (const [name, ...flags] of adds) {
      const result = await run(['profiles', 'add', name!, ...flags], {
        PGPASSWORD: DB_PASSWORD,
        LOGDESK_SSH_PASSPHRASE: sshd.keys.encrypted.passphrase,
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Saved profile ${name}`);
    }
    const stored = readFileSync(join(home, 'logdesk', 'data', 'profiles.json'), 'utf8');
    expect(stored).not.toContain(DB_PASSWORD);
    expect(stored).not.toContain(sshd.keys.encrypted.passphrase);
    const list = await run(['profiles', 'list']);
    expect(
      list.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['direct', 'docker', 'pod', 'tunnel']);

    const withPassword = await run(['profiles', 'add', 'leaky', '--url', 'postgres://reader:secret@h/db']);
    expect(withPassword.code).toBe(2);
    expect(withPassword.stderr).toMatch(/--url: leave the password out/);
  });

  it('stops at an unknown SSH host key: prints its fingerprint and how to trust it, exit 3', async () => {
    const result = await run(['investigate', '--profile', 'tunnel', ...range, '--json']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(sshd.hostKeyFingerprint);
    expect(result.stderr).toContain(`logdesk profiles trust tunnel --fingerprint ${sshd.hostKeyFingerprint}`);

    const wrong = await run(['profiles', 'trust', 'tunnel', '--fingerprint', `SHA256:${'B'.repeat(43)}`]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/nothing was trusted/);
    const trusted = await run(['profiles', 'trust', 'tunnel', '--fingerprint', sshd.hostKeyFingerprint]);
    expect(trusted.stderr).toBe('');
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toMatch(
      /Trusted .* \(saved in .*known_hosts\)\.\nThe host keys of tunnel are trusted and the connection works\./,
    );
  });

  it('tests each profile step by step', async () => {
    const tests = await Promise.all(TRANSPORTS.map((t) => runHere(['profiles', 'test', t, '--json'])));
    for (const [i, result] of tests.entries()) {
      expect(result.code, `${TRANSPORTS[i]}: ${result.stderr}`).toBe(0);
      const doc = JSON.parse(result.stdout) as { ok: boolean; steps: { step: string }[] };
      expect(doc.ok).toBe(true);
      expect(doc.steps.slice(-4).map((s) => s.step)).toEqual([
        'database-login',
        'litellm-tables',
        'server-version',
        'row-estimate',
      ]);
    }
  });
});

describe.each([
  ['every error of the day', []],
  ['a hostile key alias and message text', ['--key-alias', HOSTILE_ALIAS, '--text', 'line "2"']],
  ['model and error type', ['--model', 'gpt-4o', '--error-type', 'RateLimitError', '--limit', '7']],
])('the same document through every transport: %s', (_label, filters) => {
  it('direct, SSH tunnel, docker exec and kubectl exec agree', async () => {
    const results = await Promise.all(
      TRANSPORTS.map((t) => runHere(['investigate', '--profile', t, ...range, ...filters, '--json'])),
    );
    const documents = results.map((r, i) => {
      expect(r.code, `${TRANSPORTS[i]}: ${r.stderr}`).toBe(0);
      // Timings are measured per run: the one field besides the source that may differ.
      const {
        source,
        timings: _timings,
        ...rest
      } = JSON.parse(r.stdout) as { source: string; total: number; timings: unknown };
      return { source, rest };
    });
    expect(documents[0]!.rest.total).toBeGreaterThan(0);
    for (const doc of documents.slice(1)) expect(doc.rest).toEqual(documents[0]!.rest);
    expect(documents.map((d) => d.source)).toEqual([
      `postgres://reader@127.0.0.1:${server.port}/litellm`,
      `postgres://reader@127.0.0.1:${server.port}/litellm via ssh ${sshd.keyUser}@${sshd.host}:${sshd.port}`,
      'postgres://reader@/litellm via psql in docker container "litellm-db"',
      'postgres://reader@/litellm via psql in pod "postgres-0" in namespace "llm"',
    ]);
  });
});

describe('what the process list shows', () => {
  it('never showed a password or passphrase while the suite ran', () => {
    expect(leaks).toEqual([]);
  });
});

describe('logdesk profiles remove', () => {
  it('removes a profile; using it afterwards names the profiles left', async () => {
    expect((await run(['profiles', 'remove', 'pod'])).code).toBe(0);
    const after = await runHere(['investigate', '--profile', 'pod', '--json']);
    // A profile that does not exist is a bad argument (issue 12): exit 2, naming the ones saved.
    expect(after.code).toBe(2);
    expect(after.stderr).toMatch(/--profile: no saved profile named "pod" \(saved: direct, docker, tunnel\)/);
  });
});
