import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVESTIGATE_USAGE } from './investigate-args.ts';
import { ADD_USAGE } from './profile-add-args.ts';
import { PROFILES_USAGE } from './profiles-command.ts';
import { USAGE_USAGE } from './usage-args.ts';
import { WATCH_USAGE } from './watch-args.ts';
import { destroyPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { sharedTestPostgres } from '../test-support/shared-postgres.ts';
import { runCli } from '../test-support/run-cli.ts';
import { RANGE2D } from '../test-support/upstream-call-logs.ts';
import { upstreamStatements } from '../test-support/upstream-ddl.ts';

/** The three call-log systems as their frameworks create them, reached with --url and no --map. */
let dir: string;
let file: string;
let pg: TestPostgres;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-calllogs-'));
  file = join(dir, 'calls.db');
  execFileSync('sqlite3', [file], { input: upstreamStatements('sqlite').join(';\n') + ';\n' });
  pg = sharedTestPostgres();
  await pg.createDatabase('calls');
  for (const s of upstreamStatements('postgres')) await pg.exec(s, [], 'calls');
  // A table of no known shape, for the suggestion.
  await pg.exec(
    `CREATE TABLE my_calls (ts timestamptz, model_name text, ok boolean, latency_ms integer, error text)`,
    [],
    'calls',
  );
  await pg.exec(
    `INSERT INTO my_calls VALUES ('2026-11-20 10:00:00+00', 'gpt-4o', false, 30, 'boom'), ('2026-11-20 11:00:00+00', 'gpt-4o', true, 31, NULL)`,
    [],
    'calls',
  );
});
afterAll(async () => {
  if (pg) await destroyPostgres(pg);
  rmSync(dir, { recursive: true, force: true });
});

const range = ['--from', RANGE2D.from, '--to', RANGE2D.to];
const sqlite = (sql: string) =>
  JSON.parse(
    execFileSync('sqlite3', ['-readonly', '-json', file, sql], { encoding: 'utf8' }) || '[]',
  ) as Record<string, unknown>[];
const IN_RANGE = `request_timestamp >= '2026-11-20 00:00:00' AND request_timestamp < '2026-11-22 00:00:00'`;

describe('logdesk on call-log tables with no --map', () => {
  it('investigate --table llm_llmcalllog: pending is not a failure; keys are user names', async () => {
    const run = await runCli([
      'investigate',
      '--url',
      file,
      '--table',
      'llm_llmcalllog',
      ...range,
      '--json',
      '--limit',
      '0',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    const [want] = sqlite(
      `SELECT count(*) AS n FROM llm_llmcalllog WHERE ${IN_RANGE} AND status NOT IN ('success', 'pending', 'processing')`,
    );
    expect(doc.total).toBe(Number(want!.n));
    expect(doc.byKeyAlias.map((k: { keyAlias: string | null }) => k.keyAlias).sort()).toEqual([
      'bob',
      'carol',
      null,
    ]);
  });

  it('usage --table llm_llmcalllog --json: spendByCurrency, in flight, --model-contains, --cursor paging', async () => {
    const run = await runCli([
      'usage',
      '--url',
      file,
      '--table',
      'llm_llmcalllog',
      ...range,
      '--json',
      '--limit',
      '25',
    ]);
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout);
    expect(doc.summary.spendByCurrency.map((m: { currency: string }) => m.currency).sort()).toEqual([
      'CNY',
      'USD',
    ]);
    const [open] = sqlite(
      `SELECT count(*) AS n FROM llm_llmcalllog WHERE ${IN_RANGE} AND status IN ('pending', 'processing')`,
    );
    expect(doc.summary.inFlight).toBe(Number(open!.n));
    expect(doc.requests).toHaveLength(25);
    const seen = doc.requests.map((r: { requestId: string }) => r.requestId);
    let cursor: string | null = doc.nextCursor;
    while (cursor) {
      const next = JSON.parse(
        (
          await runCli([
            'usage',
            '--url',
            file,
            '--table',
            'llm_llmcalllog',
            ...range,
            '--json',
            '--limit',
            '15',
            '--cursor',
            cursor,
          ])
        ).stdout,
      );
      seen.push(...next.requests.map((r: { requestId: string }) => r.requestId));
      cursor = next.nextCursor;
    }
    expect(seen).toHaveLength(doc.summary.requests);
    expect(new Set(seen).size).toBe(seen.length);
    const deep = JSON.parse(
      (
        await runCli([
          'usage',
          '--url',
          file,
          '--table',
          'llm_llmcalllog',
          ...range,
          '--json',
          '--model-contains',
          'DEEPSEEK',
        ])
      ).stdout,
    );
    const [deepseek] = sqlite(
      `SELECT count(*) AS n FROM llm_llmcalllog WHERE ${IN_RANGE} AND lower(model_name) LIKE '%deepseek%'`,
    );
    expect(deep.summary.requests).toBe(Number(deepseek!.n));
  });

  it('investigate --table request_logs: provider names through providers; timeouts without a code are failures', async () => {
    const run = await runCli([
      'investigate',
      '--url',
      file,
      '--table',
      'request_logs',
      ...range,
      '--json',
      '--limit',
      '100',
    ]);
    expect(run.stderr).toBe('');
    const doc = JSON.parse(run.stdout);
    const [want] = sqlite(
      `SELECT count(*) AS n FROM request_logs WHERE status_code NOT BETWEEN 200 AND 399 OR (status_code IS NULL AND COALESCE(error_message, '') <> '')`,
    );
    expect(doc.total).toBe(Number(want!.n));
    expect(new Set(doc.errors.map((e: { provider: string | null }) => e.provider))).toEqual(
      new Set(['openai-east', 'anthropic', 'local-vllm', null]),
    );
  });

  it('--map FIELD=COLUMN->TABLE.COLUMN names a lookup, validated like any column', async () => {
    const bad = await runCli([
      'investigate',
      '--url',
      file,
      '--table',
      'request_logs',
      '--map',
      'provider=provider_id->providers.nme',
      ...range,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('provider (lookup): column "nme" does not exist in table "providers"');
    const ok = await runCli([
      'investigate',
      '--url',
      file,
      '--table',
      'request_logs',
      '--map',
      'provider=provider_id->providers.base_url',
      ...range,
      '--json',
    ]);
    expect(JSON.parse(ok.stdout).errors.map((e: { provider: string | null }) => e.provider)).toContain(
      'https://anthropic.example/v1',
    );
  });

  it('a URL with no LiteLLM tables lists the call-log tables with the command for each', async () => {
    const run = await runCli(['investigate', '--url', pg.url('calls'), ...range]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No LiteLLM tables here');
    for (const table of ['llm_llmcalllog', 'llm_tracker_usage', 'request_logs']) {
      expect(run.stderr).toContain(
        `logdesk investigate --url ${pg.url('calls')} --from ${RANGE2D.from} --to ${RANGE2D.to} --table ${table}`,
      );
    }
  });

  it('--table on an unknown shape prints the suggested --map flags, and runs with them with --yes', async () => {
    const run = await runCli(['investigate', '--url', pg.url('calls'), '--table', 'my_calls', ...range]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Suggested from its columns:\n  --map time=ts --map model=model_name --map errorMessage=error --map durationMs=latency_ms --map success=ok',
    );
    const yes = await runCli([
      'investigate',
      '--url',
      pg.url('calls'),
      '--table',
      'my_calls',
      ...range,
      '--yes',
      '--json',
    ]);
    expect(yes.stderr).toBe('');
    expect(JSON.parse(yes.stdout).total).toBe(1);
  });
});

describe('the README on call-log tables', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('runs each example of the three shapes and of the price table flags', async () => {
    const block =
      /<!-- README examples: run by electron\/cli\/call-logs\.cli\.test\.ts[^>]*-->\n```sh\n([\s\S]*?)```/.exec(
        readme,
      )?.[1];
    const lines = (block ?? '').split('\n').filter((l) => l.startsWith('logdesk '));
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      // The README's path and range, swapped for the fixture's.
      const args = line
        .replace(/^logdesk /, '')
        .replace('/srv/app/db.sqlite3', file)
        .replace('--since 24h', `--from ${RANGE2D.from} --to ${RANGE2D.to}`)
        .replace(/''/g, '__EMPTY__')
        .split(' ')
        .map((a) => (a === '__EMPTY__' ? '' : a));
      const run = await runCli([...args, '--json']);
      expect(run.stderr, line).toBe('');
      expect(run.code, line).toBe(0);
      const doc = JSON.parse(run.stdout);
      expect(doc.total ?? doc.summary.requests, line).toBeGreaterThan(0);
    }
  });

  it('sends no reader to a design file they do not have', () => {
    for (const text of [readme, INVESTIGATE_USAGE, USAGE_USAGE, ADD_USAGE, PROFILES_USAGE, WATCH_USAGE])
      expect(text).not.toMatch(/DESIGN|§\d/);
  });
});
