import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiServer, type OpenAiTestServer, type Reply } from '../test-support/openai-server.ts';
import { destroyPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { sharedTestPostgres } from '../test-support/shared-postgres.ts';
import { loadFixture, RANGE } from '../test-support/litellm-fixture.ts';
import { loadReportFixture, REPORT_RANGE } from '../test-support/report-fixture.ts';
import { demoUrlArgs, runCli, SHARED_CACHE, tempHome } from '../test-support/run-cli.ts';

/** The demo's week in a real PostgreSQL (the `--demo` rows, read in a fraction of the time). */
const DEMO = await demoUrlArgs();

const servers: OpenAiTestServer[] = [];
let db: TestPostgres;
/** A key alias and message that would clear the screen, retitle the window and reorder the line. */
const ESCAPING_ALIAS = 'evil\u001b[2J\u001b]0;pwned\u0007\u202egnp.exe';
const ESCAPING_MESSAGE = 'overwrite\rBEL\u0007 C1-CSI\u009b31m red \u001b[31mred\u001b[0m';

beforeAll(async () => {
  db = sharedTestPostgres();
  await db.createDatabase('gateway');
  await db.createDatabase('bulk');
  const client = new pg.Client({ connectionString: db.url('gateway') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  await client.query(
    `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model, model_group, status, metadata)
     VALUES ('escape-1', '2026-03-10 10:30:00', '2026-03-10 10:30:01', 'openai/gpt-4o', 'gpt-4o', 'failure', $1::jsonb)`,
    [
      JSON.stringify({
        user_api_key_alias: ESCAPING_ALIAS,
        error_information: {
          error_class: 'BadRequestError',
          error_code: '400',
          error_message: ESCAPING_MESSAGE,
        },
      }),
    ],
  );
  await client.end();
  const bulk = new pg.Client({ connectionString: db.url('bulk') });
  await bulk.connect();
  await loadReportFixture((sql, params) => bulk.query(sql, params as unknown[]), 40_000);
  await bulk.end();
});

afterAll(async () => {
  if (db) await destroyPostgres(db);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function llm(replies: Reply[]) {
  const server = await startOpenAiServer({ replies });
  servers.push(server);
  return {
    server,
    env: {
      LOGDESK_LLM_BASE_URL: server.baseUrl,
      LOGDESK_LLM_MODEL: 'gpt-4o',
      LOGDESK_LLM_API_KEY: 'sk-safety-test-0000',
    },
  };
}

const outFolder = () => mkdtempSync(join(tmpdir(), 'logdesk-safety-out-'));
const reportFiles = (out: string) => readdirSync(out).flatMap((day) => readdirSync(join(out, day)));

describe('logdesk investigate --out into a folder that cannot hold files', () => {
  it('fails at once with the reason (exit 3) instead of spinning', async () => {
    const run = await runCli([
      'investigate',
      ...DEMO,
      '--since',
      '24h',
      '--limit',
      '5',
      '--out',
      '/proc/nope',
    ]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/Cannot write the report into \/proc\/nope\/.*cannot hold files/);
  }, 180_000);
});

describe('logdesk investigate --llm: a stream that stalls or fails', () => {
  it('a stream gone silent after one token fails ("no data for N s"), is not cached, and the next run asks again', async () => {
    const { server, env } = await llm([
      { kind: 'stream', chunks: ['Starting...', ' never sent'], after: { chunks: 1, then: 'stall' } },
      { kind: 'stream', chunks: ['## Fresh answer\n', 'after the stall.'] },
    ]);
    const stalled = await runCli(['investigate', ...DEMO, '--since', '24h', '--limit', '5', '--llm'], {
      ...env,
      LOGDESK_LLM_TIMEOUT: '5',
    });
    expect(stalled.code, stalled.stderr).toBe(3);
    expect(stalled.stderr).toMatch(/No data from the LLM for 5 s/);
    expect(stalled.stderr).not.toMatch(/analysis: done/);
    const again = await runCli(['investigate', ...DEMO, '--since', '24h', '--limit', '5', '--llm'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('after the stall.');
    expect(again.stderr).not.toMatch(/from the cache/);
    expect(server.requests).toHaveLength(2);
  }, 240_000);

  it('LOGDESK_LLM_TIMEOUT must be a whole number of seconds in range (exit 2)', async () => {
    const { env } = await llm([{ kind: 'stream', chunks: ['x'] }]);
    const run = await runCli(['investigate', ...DEMO, '--since', '24h', '--llm'], {
      ...env,
      LOGDESK_LLM_TIMEOUT: 'soon',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/LOGDESK_LLM_TIMEOUT: .*whole number of seconds.*"soon"/);
  });

  it('--llm --out: writes the report without the analysis, saying why, and exits 4', async () => {
    const { env } = await llm([{ kind: 'error', status: 401, message: 'Incorrect API key provided' }]);
    const out = outFolder();
    const run = await runCli(
      ['investigate', ...DEMO, '--since', '24h', '--limit', '5', '--llm', '--out', out],
      env,
    );
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toMatch(/the analysis failed: The LLM endpoint rejected the API key/);
    expect(run.stdout).toMatch(/Report written to/);
    const files = reportFiles(out);
    expect(files.some((f) => f.startsWith('report_'))).toBe(true);
    expect(files.some((f) => f.startsWith('llm_analysis_'))).toBe(false);
    const day = readdirSync(out)[0]!;
    const summary = readFileSync(
      join(
        out,
        day,
        files.find((f) => f.startsWith('summary_'))!,
      ),
      'utf8',
    );
    expect(summary).toMatch(/The LLM analysis failed:\*\* The LLM endpoint rejected the API key/);
  }, 180_000);
});

describe('logdesk investigate: hostile text from the database on a terminal', () => {
  it('escapes C0/C1 controls, ESC sequences and bidi overrides in text output; --json stays exact', async () => {
    const args = ['investigate', '--url', db.url('gateway'), '--from', RANGE.from, '--to', RANGE.to];
    const text = await runCli(args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('evil\\x1b[2J\\x1b]0;pwned\\x07\\u202Egnp.exe');
    expect(text.stdout).toContain('overwrite BEL\\x07 C1-CSI\\x9b31m');
    // eslint-disable-next-line no-control-regex
    expect(text.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const json = await runCli([...args, '--json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.byKeyAlias.map((k: { keyAlias: string }) => k.keyAlias)).toContain(ESCAPING_ALIAS);
    expect(doc.errors.find((e: { requestId: string }) => e.requestId === 'escape-1').errorMessage).toBe(
      ESCAPING_MESSAGE,
    );
  }, 60_000);
});

describe('logdesk investigate --out interrupted with Ctrl+C', () => {
  it('removes its temp files, writes nothing and exits 130', async () => {
    const out = outFolder();
    const child = spawn(
      process.execPath,
      [
        resolve(import.meta.dirname, '../../bin/logdesk.mjs'),
        'investigate',
        '--url',
        db.url('bulk'),
        '--from',
        REPORT_RANGE.from,
        '--to',
        REPORT_RANGE.to,
        '--limit',
        '5',
        '--out',
        out,
      ],
      {
        env: { ...process.env, LOGDESK_HOME: tempHome(), LOGDESK_CACHE_DIR: SHARED_CACHE },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    const temps = () =>
      existsSync(out)
        ? readdirSync(out)
            .flatMap((d) => readdirSync(join(out, d)))
            .filter((f) => f.endsWith('.tmp'))
        : [];
    // Interrupt once the CSV's temp file exists, mid-export.
    for (let i = 0; i < 3_000 && temps().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(temps().length, 'the export never started its CSV').toBeGreaterThan(0);
    child.kill('SIGINT');
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/Interrupted: the export was cancelled/);
    expect(existsSync(out) ? readdirSync(out).flatMap((d) => readdirSync(join(out, d))) : []).toEqual([]);
  }, 90_000);
});
