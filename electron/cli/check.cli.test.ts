import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { HealthReport } from '../../shared/health.ts';
import { destroyPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { sharedTestPostgres } from '../test-support/shared-postgres.ts';
import { HEALTH_RANGE, loadHealthFixture } from '../test-support/health-fixture.ts';
import { runCli } from '../test-support/run-cli.ts';
import { parseCheckArgs } from './check-args.ts';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureStatements, RANGE as CALLS } from '../test-support/call-log-fixture.ts';

let server: TestPostgres;
const RANGE = ['--from', HEALTH_RANGE.from, '--to', HEALTH_RANGE.to];

async function build(name: string, defect: Parameters<typeof loadHealthFixture>[1] = {}) {
  await server.createDatabase(name);
  const client = new pg.Client({ connectionString: server.url(name) });
  await client.connect();
  await loadHealthFixture((sql, params) => client.query(sql, params as unknown[]), defect);
  await client.end();
}

beforeAll(async () => {
  server = sharedTestPostgres();
  await build('clean');
  await build('gap', {
    afterDaily: [
      `DELETE FROM "LiteLLM_SpendLogs" WHERE "startTime" >= '2026-03-10 10:30' AND "startTime" < '2026-03-10 10:40'`,
    ],
  });
}, 120_000);

afterAll(async () => {
  if (server) await destroyPostgres(server);
});

describe('logdesk check (issue #25)', () => {
  it('--json prints the check of a real PostgreSQL: the gap and the requests it lost, counted and explained', async () => {
    const run = await runCli(['check', '--url', server.url('gap'), ...RANGE, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const doc = HealthReport.parse(JSON.parse(run.stdout));
    expect(doc.range).toEqual(HEALTH_RANGE);
    expect(doc.findings.map((f) => [f.kind, f.count, f.certainty])).toEqual([
      ['gap', 1, 'likely'],
      ['reconciliation', 20, 'likely'],
      ['reconciliation', 20, 'likely'],
    ]);
    expect(doc.tables.find((t) => t.table === 'LiteLLM_SpendLogs')?.totalBytes).toBeGreaterThan(0);
  }, 120_000);

  it('prints a clean database as such and --fail-on turns a finding into exit code 1', async () => {
    const clean = await runCli(['check', '--url', server.url('clean'), ...RANGE]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/No findings/);
    expect(clean.stdout).toMatch(/LiteLLM_SpendLogs\s+\d+\.\d MB total/);
    const failing = await runCli(['check', '--url', server.url('gap'), ...RANGE, '--fail-on', 'likely']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/\[likely\] 1 logging gap: 10 minutes with no request logged/);
    expect(failing.stdout).toMatch(/look at: traffic 2026-03-10T10:00:00.000Z → 2026-03-10T11:10:00.000Z/);
  }, 120_000);

  it("checks a mapped SQLite call log: the missing time index with SQLite's statement", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logdesk-check-sqlite-'));
    const file = join(dir, 'calls.db');
    execFileSync('sqlite3', [file], { input: fixtureStatements('sqlite').join(';\n') + ';\n' });
    const run = await runCli([
      'check',
      '--url',
      file,
      '--table',
      'request_logs',
      '--map',
      'time=created_at',
      '--map',
      'model=model',
      '--map',
      'success=status_code',
      '--success-values',
      '200',
      '--from',
      CALLS.from,
      '--to',
      CALLS.to,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    const doc = HealthReport.parse(JSON.parse(run.stdout));
    expect(doc.engine).toBe('sqlite');
    expect(doc.findings.map((f) => f.details[0])).toEqual([
      'CREATE INDEX "request_logs_created_at_idx" ON "request_logs" ("created_at");',
    ]);
  }, 120_000);

  it('refuses filter flags and a bad --fail-on with the reason', () => {
    expect(() => parseCheckArgs(['--model', 'gpt-4o'])).toThrow(/--model: not an option of check/);
    expect(() => parseCheckArgs(['--fail-on', 'sometimes'])).toThrow(
      /--fail-on: expected one of certain, likely, possible, got "sometimes"/,
    );
    expect(parseCheckArgs(['--url', 'postgres://u@h/db'])).toMatchObject({
      timeRange: { kind: 'relative', last: '7d' },
      failOn: null,
      json: false,
    });
  });
});
