import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installContainerCli, type ContainerCli } from '../test-support/container-cli.ts';
import { loadFixture, RANGE } from '../test-support/litellm-fixture.ts';
import { startOpenAiServer, type OpenAiTestServer } from '../test-support/openai-server.ts';
import { runCli, tempHome } from '../test-support/run-cli.ts';
import { startThreeEngines, type ThreeEngines } from '../test-support/three-engines.ts';
import { splitCommand } from './profile-add-args.ts';

/**
 * Every `logdesk …` example of the README runs here (issue #18, defect 11): against local servers
 * and stand-ins, its placeholders (hosts, passwords, paths, `--since`) swapped for local ones. An
 * example that cannot run here is listed in SKIPPED with the reason; a new example must join one
 * of the two, so a README example that breaks fails the suite.
 */
const README = resolve(import.meta.dirname, '../../README.md');

const SKIPPED: Record<string, string> = {
  'npx logdesk profiles test prod': 'connects over SSH to "bastion", a host of the reader\'s network',
  'npx logdesk investigate --profile prod --since 6h --key-alias support-bot':
    'reads through the SSH profile "prod" (host "bastion")',
  'npx logdesk check --profile prod --from 2026-11-01 --to 2026-12-01 --json':
    'reads through the SSH profile "prod" (host "bastion"); check --json runs in check.cli.test.ts',
  'npx logdesk check --profile prod --fail-on likely':
    'reads through the SSH profile "prod" (host "bastion"); --fail-on runs in check.cli.test.ts',
  'logdesk usage --url /srv/app/db.sqlite3 --table llm_llmcalllog --since 24h --model-contains deepseek':
    'run in call-logs.cli.test.ts against the Django LLMCallLog tables (this fixture names them app_llmcalllog)',
  'logdesk usage --url /srv/app/db.sqlite3 --table llm_llmcalllog --since 24h --price-table llm_llmmodelprice --price model=model_name --price input=input_price_per_1k --price output=output_price_per_1k --price per=1k':
    'run in call-logs.cli.test.ts against the Django LLMCallLog tables (this fixture names them app_llmcalllog)',
  'logdesk usage --url /srv/app/db.sqlite3 --table llm_llmcalllog --since 30d --limit 5000 --json':
    'paging past 1,000 rows runs in call-logs.cli.test.ts against the Django LLMCallLog tables',
  'MYSQL_PWD=… logdesk investigate --url mysql://reader@db:3306/router --table request_logs --map keyAlias=api_key_id->api_keys.name':
    "this fixture's router has no api_keys table; lookups through a joined table run in upstream-shapes.db.test.ts",
  'npx logdesk investigate --ask "429s on gpt-4o from the support-bot key since yesterday 2pm"':
    'needs an LLM that answers with filters; --ask runs against a local OpenAI-compatible server in cli-analysis.test.ts',
};

/** The `logdesk …` commands of the README's sh blocks, continuation lines joined, comments dropped. */
function readmeCommands(): string[] {
  const text = readFileSync(README, 'utf8');
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => m[1]!.replace(/\\\n\s*/g, '').split('\n'))
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => /(^|\s)(npx )?logdesk /.test(line) && !line.startsWith('#'));
}

let engines: ThreeEngines;
let cli: ContainerCli;
let llm: OpenAiTestServer;
let litellmUrl: string;
let out: string;
const READER = { user: 'reader', password: 'router-pw' };

beforeAll(async () => {
  engines = await startThreeEngines();
  await engines.pg.createDatabase('litellm');
  const client = new pg.Client({ connectionString: engines.pg.url('litellm') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  await client.end();
  litellmUrl = engines.pg.url('litellm');
  // The README's router database: request_logs with an HTTP status as success.
  await engines.maria.createDatabase('router', READER.user, READER.password);
  await engines.maria.exec(
    `CREATE TABLE request_logs (id INT PRIMARY KEY, created_at DATETIME NOT NULL, model VARCHAR(100), error TEXT, status_code INT);
     INSERT INTO request_logs VALUES (1, '2026-03-10 10:05:00', 'gpt-4o', NULL, 200), (2, '2026-03-10 10:06:00', 'gpt-4o', 'rate limited', 429), (3, '2026-03-10 11:00:00', 'o3', 'upstream 500', 500)`,
    [],
    'router',
  );
  cli = installContainerCli({
    pgHost: engines.pg.host,
    pgPort: engines.pg.port,
    containers: ['router-db'],
    pods: ['llm/litellm-db-0', 'prod/app-0'],
    mysql: { host: engines.maria.host, port: engines.maria.port },
  });
  llm = await startOpenAiServer({
    replies: [{ kind: 'stream', chunks: ['## Summary\n', 'Rate limits on gpt-4o.\n'] }],
  });
  out = mkdtempSync(join(tmpdir(), 'logdesk-readme-out-'));
}, 120_000);

afterAll(async () => {
  await llm?.close();
  cli?.remove();
  await engines?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** A README command as argv and environment, with every placeholder made local. */
function localized(command: string): { args: string[]; env: Record<string, string> } {
  const places: [string, string][] = [
    ['postgres://litellm@db.internal:5432/litellm?sslmode=require', litellmUrl],
    ['postgres://readonly@db/litellm', litellmUrl],
    ['mysql://reader@db:3306/router', `mysql://${READER.user}@127.0.0.1:${engines.maria.port}/router`],
    ['/srv/app/db.sqlite3', engines.sqliteFile],
    ['./reports', out],
    ['https://api.openai.com/v1', llm.baseUrl],
  ];
  let text = command;
  for (const [from, to] of places) text = text.split(from).join(to);
  const words = splitCommand(text);
  const env: Record<string, string> = {};
  const secrets: Record<string, string> = {
    PGPASSWORD: 'unused-trust-auth',
    MYSQL_PWD: READER.password,
    LOGDESK_LLM_API_KEY: 'sk-readme-test',
  };
  while (/^[A-Z_]+=/.test(words[0]!)) {
    const [name, value] = words.shift()!.split(/=(.*)/s) as [string, string];
    env[name] = value.includes('…') ? secrets[name]! : value;
  }
  if (words[0] === 'npx') words.shift();
  expect(words.shift()).toBe('logdesk');
  let args = words;
  if (args[0] === 'investigate' || args[0] === 'usage' || args[0] === 'check') {
    // A fixed range instead of one relative to today; the demo's place taken by the fixture database.
    const since = args.indexOf('--since');
    if (since >= 0) args.splice(since, 2, '--from', RANGE.from, '--to', RANGE.to);
    args = args.map((a) => (a === '--demo' ? `--url=${litellmUrl}` : a));
    if (!args.some((a) => /^--(url|profile)\b/.test(a))) args.push('--url', litellmUrl);
  }
  return { args, env: { PATH: cli.path, ...env } };
}

describe('the README examples', () => {
  it('are each run here or listed with the reason they cannot be', () => {
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThan(12);
    for (const skipped of Object.keys(SKIPPED))
      expect(commands, 'a SKIPPED example left the README').toContain(skipped);
  });

  it('all exit 0', async () => {
    const home = tempHome();
    const runnable = readmeCommands().filter((c) => !(c in SKIPPED));
    const failures: string[] = [];
    // Profiles share one home (an example may use a profile an earlier one added): one after the other.
    for (const command of runnable) {
      const { args, env } = localized(command);
      const run = await runCli(args, { LOGDESK_HOME: home, ...env });
      if (run.code !== 0)
        failures.push(
          `${command}\n  → exit ${run.code}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}`,
        );
    }
    expect(failures).toEqual([]);
  }, 900_000);
});

describe('a MySQL exec profile (the README\'s "router")', () => {
  it('reads its password from MYSQL_PWD; without one, the error names what to set', async () => {
    const home = tempHome();
    const env = { LOGDESK_HOME: home, PATH: cli.path };
    const add = await runCli(
      [
        'profiles',
        'add',
        'router',
        '--engine',
        'mysql',
        '--docker',
        'router-db',
        '--database',
        'router',
        '--user',
        READER.user,
        '--table',
        'request_logs',
        '--map',
        'time=created_at',
        '--map',
        'model=model',
        '--map',
        'success=status_code',
      ],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    const range = ['--from', RANGE.from, '--to', RANGE.to, '--json'];
    const run = await runCli(['investigate', '--profile', 'router', ...range], {
      ...env,
      MYSQL_PWD: READER.password,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).total).toBe(2);
    const missing = await runCli(['investigate', '--profile', 'router', ...range], env);
    expect(missing.code, missing.stderr).toBe(3);
    expect(missing.stderr).toMatch(/using password: NO/);
    expect(missing.stderr).toContain('set MYSQL_PWD or LOGDESK_SECRET_PROFILE_ROUTER_DBPASSWORD');
  }, 300_000);
});
