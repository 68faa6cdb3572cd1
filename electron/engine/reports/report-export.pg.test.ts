import { CATEGORY_LABELS } from '../../../shared/taxonomy.ts';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { finishedResult } from '../../../shared/contract/job-results.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, EventPayload } from '../../../shared/contract/index.ts';
import type { ReportRequestInput } from '../../../shared/contract/reports.ts';
import { AppError } from '../../../shared/errors.ts';
import { createEngine, type Engine } from '../engine.ts';
import { HOSTILE_CELLS } from '../../test-support/hostile-values.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import {
  hostileId,
  loadReportFixture,
  PLANTED,
  REPORT_RANGE,
  SECRET_IDS,
} from '../../test-support/report-fixture.ts';
import { runCli } from '../../test-support/run-cli.ts';
import { testPlatform, type TestPlatform } from '../../test-support/test-platform.ts';
import { ERROR_CSV_COLUMNS, csvText } from './csv.ts';

const BULK = 12_000;
let server: TestPostgres;
let inRange = 0;
let sourceUrl = '';
const engines: Engine[] = [];
const savedEnv = { llm: process.env.LOGDESK_LLM_API_KEY, prod: process.env.LOGDESK_SECRET_PROD };

beforeAll(async () => {
  server = await startPostgres({ passwordAuth: true });
  await server.createDatabase('gateway');
  const client = new pg.Client({ connectionString: server.url('gateway') });
  await client.connect();
  ({ inRange } = await loadReportFixture((sql, params) => client.query(sql, params as unknown[]), BULK));
  // A read-only user with a password, as a real gateway database would have.
  await client.query(`CREATE ROLE reporter LOGIN PASSWORD '${PLANTED.sourcePassword}'`);
  await client.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporter');
  await client.end();
  sourceUrl = server.url('gateway', 'reporter', PLANTED.sourcePassword);
  // Secrets in the settings this process knows (the CLI and the LLM read them from here).
  process.env.LOGDESK_LLM_API_KEY = PLANTED.llmKey;
  process.env.LOGDESK_SECRET_PROD = PLANTED.profileSecret;
});

afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  if (server) await destroyPostgres(server);
  for (const [name, value] of [
    ['LOGDESK_LLM_API_KEY', savedEnv.llm],
    ['LOGDESK_SECRET_PROD', savedEnv.prod],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function engine(platform: TestPlatform = testPlatform()): Engine & { platform: TestPlatform } {
  const e = createEngine(platform);
  engines.push(e);
  return Object.assign(e, { platform });
}

const outDir = () => mkdtempSync(join(tmpdir(), 'logdesk-report-'));
const filters = (extra: Record<string, unknown> = {}) => ({
  timeRange: { kind: 'absolute' as const, ...REPORT_RANGE },
  limit: 50,
  ...extra,
});

async function investigateAndExport(e: Engine, request: Partial<ReportRequestInput> = {}, extraFilters = {}) {
  const result = await e.call('investigation.run', {
    source: { kind: 'url', url: sourceUrl },
    filters: filters(extraFilters),
  });
  const out = request.outDir ?? outDir();
  const started = Date.now();
  const report = await e.call('report.export', { investigationId: result.id, outDir: out, ...request });
  return { result, report, out, ms: Date.now() - started };
}

const read = (dir: string, name: string) => readFileSync(join(dir, name), 'utf8');
const byPrefix = (files: string[], prefix: string) => files.find((f) => f.startsWith(prefix))!;
type CsvRecord = Record<(typeof ERROR_CSV_COLUMNS)[number], string>;
const parseCsv = (text: string): CsvRecord[] => parse(text, { columns: true, bom: true });

describe('report.export against a real PostgreSQL', () => {
  it('writes every file of the report, the CSV holding every matching error (not only the rows shown)', async () => {
    const { result, report, ms } = await investigateAndExport(engine());
    expect(result.total).toBe(inRange);
    expect(result.errors).toHaveLength(50);
    expect(report.files.map((f) => f.replace(report.stamp, 'HHMMSS')).sort()).toEqual([
      'error_logs_analysis_HHMMSS.json',
      'error_logs_full_HHMMSS.json',
      'errors_HHMMSS.csv',
      'query_params_HHMMSS.json',
      'report_HHMMSS.html',
      'summary_HHMMSS.md',
      'usage_HHMMSS.csv',
    ]);
    expect(report.html).toBe(join(report.dir, `report_${report.stamp}.html`));
    expect(report.csvRows).toBe(inRange);
    const rows = parseCsv(read(report.dir, byPrefix(report.files, 'errors_')));
    expect(rows).toHaveLength(inRange);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(inRange);
    expect(rows.some((r) => r.request_id.startsWith('outside'))).toBe(false);
    const times = rows.map((r) => r.time_utc);
    expect(times).toEqual([...times].sort().reverse());
    const params = JSON.parse(read(report.dir, byPrefix(report.files, 'query_params_')));
    expect(params.totals).toMatchObject({ total: inRange, returned: 50, csvRows: inRange });
    // The source never holds the password; its address is an IP, redacted by default like every IP.
    expect(result.source).toBe(`postgres://reporter@127.0.0.1:${server.port}/gateway`);
    expect(params.source).toBe(`postgres://reporter@[IP]:${server.port}/gateway`);
    console.info(`export of ${inRange} errors: ${ms} ms`);
  });

  it('round-trips hostile values through csv-parse, formulas neutralised', async () => {
    const { report } = await investigateAndExport(engine(), { options: { csvBom: true } });
    const bytes = readFileSync(join(report.dir, byPrefix(report.files, 'errors_')));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = new Map(parseCsv(bytes.toString('utf8')).map((r) => [r.request_id, r]));
    HOSTILE_CELLS.forEach((cell, i) => {
      const row = rows.get(hostileId(i));
      expect(row, hostileId(i)).toBeDefined();
      expect(row!.error_message).toBe(csvText(cell));
    });
    expect(rows.get(hostileId(0))!.error_message).toBe(`'=cmd|' /C calc'!A0`);
    expect(rows.get(hostileId(0))!.key_alias).toBe('support-bot');
    expect(rows.get(hostileId(2))!.key_alias).toBe("o'brien-notebook");
    for (const row of rows.values())
      for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+$)/);
  });

  it('puts no planted secret in any file, whatever the personal-data choice', async () => {
    const e = engine();
    // What an LLM might repeat: secrets it was shown in context, and the settings' own secrets bare.
    const echoed = [
      `key ${PLANTED.openaiKey}`,
      `Authorization: Bearer ${PLANTED.bearer}`,
      `the bare token ${PLANTED.bearer}`,
      `https://proxyuser:${PLANTED.apiBasePassword}@proxy.internal.example/v1`,
      PLANTED.sourcePassword,
      PLANTED.llmKey,
      PLANTED.profileSecret,
      PLANTED.email,
    ].join(' and ');
    for (const redaction of [
      { emails: true, ipAddresses: true },
      { emails: false, ipAddresses: false },
    ]) {
      const { report } = await investigateAndExport(e, {
        options: { redaction, title: `Incident (token=${PLANTED.llmKey})` },
        analysis: {
          markdown: `The LLM repeated what it saw: ${echoed}. See postgres://admin:${PLANTED.dbUrlPassword}@db/x`,
          model: 'gpt-4o',
        },
        patterns: [
          {
            template: `Incorrect API key provided: ${PLANTED.openaiKey}`,
            count: 1,
            example: { message: `Bearer ${PLANTED.bearer}` },
          },
        ],
        spikes: [{ from: REPORT_RANGE.from, to: REPORT_RANGE.to, count: 1, summary: PLANTED.profileSecret }],
      });
      const secrets = Object.entries(PLANTED).filter(([name]) => name !== 'email' || redaction.emails);
      expect(report.files).toContain(`llm_analysis_${report.stamp}.md`);
      for (const name of readdirSync(report.dir)) {
        const text = read(report.dir, name);
        for (const [what, secret] of secrets) expect(text.includes(secret), `${what} in ${name}`).toBe(false);
      }
      // Not vacuous: the rows carrying the secrets are in the CSV, with their secrets replaced.
      const rows = parseCsv(read(report.dir, byPrefix(report.files, 'errors_')));
      const planted = rows.filter((r) => SECRET_IDS.includes(r.request_id));
      expect(planted.map((r) => r.request_id).sort()).toEqual([...SECRET_IDS].sort());
      expect(planted.every((r) => /\[REDACTED/.test(r.error_message + r.api_base))).toBe(true);
    }
    const logged = JSON.stringify(e.platform.lines);
    for (const [what, secret] of Object.entries(PLANTED))
      expect(logged.includes(secret), `${what} in the log`).toBe(false);
  });

  it('writes the same files from the CLI (--out), and none of its secrets either', async () => {
    const app = await investigateAndExport(engine());
    const out = outDir();
    const cli = await runCli([
      'investigate',
      '--url',
      sourceUrl,
      '--from',
      REPORT_RANGE.from,
      '--to',
      REPORT_RANGE.to,
      '--limit',
      '50',
      '--out',
      out,
    ]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const [day] = readdirSync(out);
    const dir = join(out, day!);
    expect(cli.stdout).toContain(`Report written to ${dir}`);
    const files = readdirSync(dir).sort();
    const stampless = (names: string[]) => names.map((n) => n.replace(/_\d{6}(_\d+)?\./, '.')).sort();
    expect(stampless(files)).toEqual(stampless(app.report.files));
    // The CLI has no file manager: it prints the page to open.
    expect(cli.stdout).toContain(`Open ${join(dir, byPrefix(files, 'report_'))}\n`);
    // Same data, same redaction: the CSV is byte for byte the app's.
    expect(read(dir, byPrefix(files, 'errors_'))).toBe(
      read(app.report.dir, byPrefix(app.report.files, 'errors_')),
    );
    for (const name of files) {
      for (const secret of Object.values(PLANTED))
        expect(read(dir, name).includes(secret), `${secret} in ${name}`).toBe(false);
    }
  });
});

describe('outputs of the analysis area', () => {
  it('are picked up from the engine for the same investigation when the caller passes none', async () => {
    const e = engine();
    const result = await e.call('investigation.run', {
      source: { kind: 'url', url: sourceUrl },
      filters: filters(),
    });
    // The analysis area computed real patterns and spikes; an LLM answer is in its store (ctx.analyses).
    const insights = await e.call('analysis.insights', { investigationId: result.id });
    e.context.analyses.setLatest({
      investigationId: result.id,
      markdown: '## Cause\nAzure throttled `gpt-4o`.',
      model: 'gpt-4o-mini',
      offline: false,
      cached: false,
      usage: { promptTokens: 10, completionTokens: 5, estimated: false },
      estimatedCost: null,
      currency: 'USD',
      createdAt: new Date().toISOString(),
    });
    const topPattern = insights.patterns[0]!;
    const report = await e.call('report.export', { investigationId: result.id, outDir: outDir() });
    expect(report.files).toContain(`llm_analysis_${report.stamp}.md`);
    expect(read(report.dir, `llm_analysis_${report.stamp}.md`)).toBe('## Cause\nAzure throttled `gpt-4o`.\n');
    const html = read(report.dir, `report_${report.stamp}.html`);
    expect(html).toContain('written by an LLM (gpt-4o-mini)');
    expect(html).toContain(
      topPattern.template.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').slice(0, 60),
    );
    expect(html).toContain(CATEGORY_LABELS[topPattern.category]);
    expect(insights.spikes.length).toBeGreaterThan(0);
    expect(html).toContain('buckets far above their own baseline');
    // What the caller passes wins over what the engine remembers.
    const own = await e.call('report.export', {
      investigationId: result.id,
      outDir: outDir(),
      analysis: { markdown: 'mine', offline: true },
      patterns: [],
    });
    expect(read(own.dir, `llm_analysis_${own.stamp}.md`)).toBe('mine\n');
    expect(read(own.dir, `report_${own.stamp}.html`)).toContain('No pattern: no error messages to group.');
  });
});

describe('report.start: export as a job', () => {
  function collect(e: Engine) {
    const events: { name: EventName; payload: EventPayload<EventName> }[] = [];
    const stop = e.listen((name, payload) => void events.push({ name, payload }));
    const finished = (jobId: string) =>
      new Promise<EventPayload<'job.finished'>>((done) => {
        const check = e.listen((name, payload) => {
          if (name === 'job.finished' && (payload as EventPayload<'job.finished'>).jobId === jobId) {
            check();
            done(payload as EventPayload<'job.finished'>);
          }
        });
      });
    return { events, stop, finished };
  }

  it('reports progress page by page and finishes with the export result', async () => {
    const e = engine();
    const result = await e.call('investigation.run', {
      source: { kind: 'url', url: sourceUrl },
      filters: filters(),
    });
    const { events, stop, finished } = collect(e);
    const { jobId } = await e.call('report.start', { investigationId: result.id, outDir: outDir() });
    const end = await finished(jobId);
    stop();
    expect(end.status).toBe('done');
    const report = finishedResult(end, 'report.export');
    expect(report.csvRows).toBe(inRange);
    const progress = events
      .filter(
        (ev) => ev.name === 'job.progress' && (ev.payload as EventPayload<'job.progress'>).jobId === jobId,
      )
      .map((ev) => ev.payload as EventPayload<'job.progress'>);
    const done = progress.map((p) => p.done).filter((d) => d > 0);
    expect(done.length).toBeGreaterThanOrEqual(Math.ceil(inRange / 5_000));
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBe(inRange);
    expect(progress.every((p) => p.total === inRange)).toBe(true);
  });

  it('stops when cancelled mid-CSV and leaves nothing in the folder', async () => {
    const e = engine();
    const result = await e.call('investigation.run', {
      source: { kind: 'url', url: sourceUrl },
      filters: filters(),
    });
    const out = outDir();
    const { finished } = collect(e);
    let jobId = '';
    const stop = e.listen((name, payload) => {
      const p = payload as EventPayload<'job.progress'>;
      if (name === 'job.progress' && p.jobId === jobId && p.done > 0) void e.call('job.cancel', { jobId });
    });
    ({ jobId } = await e.call('report.start', { investigationId: result.id, outDir: out }));
    const end = await finished(jobId);
    stop();
    expect(end.status).toBe('cancelled');
    expect(end.error?.code).toBe('CANCELLED');
    expect(readdirSync(out)).toEqual([]);
    expect((await e.call('report.lastLocation', {})).dir).toBeNull();
  });

  it('refuses an unknown investigation before handing out a job id', async () => {
    await expect(
      engine().call('report.start', { investigationId: 'nope', outDir: outDir() }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('where reports go', () => {
  it('says clearly when the folder cannot be written, and writes nothing', async () => {
    const base = outDir();
    writeFileSync(join(base, 'a-file'), 'x');
    const err = await investigateAndExport(engine(), { outDir: join(base, 'a-file', 'reports') }).catch(
      (x: unknown) => x,
    );
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'WRITE_FAILED' });
    expect((err as AppError).message).toMatch(
      /^Cannot write the report into .*a-file.*: a part of the path is a file, not a folder$/,
    );
    expect(readdirSync(base)).toEqual(['a-file']);
  });

  it('remembers the last location across restarts and reveals only what it wrote', async () => {
    const revealed: string[] = [];
    const platform = testPlatform({ revealPath: async (p) => void revealed.push(p) });
    const e = engine(platform);
    expect(await e.call('report.lastLocation', {})).toEqual({
      outDir: null,
      dir: null,
      html: null,
      at: null,
    });
    const { report, out } = await investigateAndExport(e);
    const again = engine(testPlatform({ dataDir: platform.dataDir }));
    expect(await again.call('report.lastLocation', {})).toMatchObject({
      outDir: out,
      dir: report.dir,
      html: report.html,
    });
    expect(await e.call('report.reveal', { path: report.html })).toEqual({
      revealed: true,
      path: report.html,
    });
    expect(revealed).toEqual([report.html]);
    // The CLI and web mode have no file manager: the path is handed back to print.
    expect(await again.call('report.reveal', { path: report.dir })).toEqual({
      revealed: false,
      path: report.dir,
    });
    await expect(e.call('report.reveal', { path: '/etc/passwd' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(existsSync(report.html)).toBe(true);
  });
});
