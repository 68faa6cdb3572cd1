import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters, type FiltersInput } from '../../../shared/filters.ts';
import { runCli } from '../../test-support/run-cli.ts';
import { CONTEXT_ERRORS, INCIDENT, INCIDENT_DAY, incidentSqlite } from '../../test-support/incident-burst.ts';
import { SqliteDatabase } from '../db/sqlite-database.ts';
import { resolveQuery } from '../query/resolve-query.ts';
import { MappedSource } from '../sources/mapped/mapped-source.ts';
import { computeInsights } from './insights.ts';

/** The engine's clock in these tests: after every range they read (absolute ranges do not depend on it). */
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

let dir: string;
let file: string;
let db: MappedSource;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-cause-'));
  file = join(dir, 'tracker.db');
  execFileSync('sqlite3', [file], { input: incidentSqlite() });
  db = new MappedSource(new SqliteDatabase(file), {
    table: 'llm_tracker_usage',
    builtIn: 'llm_tracker_usage',
    columns: {
      time: 'created_at',
      requestId: 'id',
      model: 'model',
      keyAlias: 'user_id',
      errorMessage: 'error',
    },
    success: { kind: 'boolean', column: 'success' },
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const filters = (extra: Partial<FiltersInput>) =>
  Filters.parse({ timeRange: { kind: 'absolute', ...INCIDENT_DAY }, limit: 1000, ...extra });

describe('the cause filter on a mapped table', () => {
  it('keeps only errors of the chosen cause in totals, rows, timeline and patterns', async () => {
    const f = filters({ categories: ['rate_limit'] });
    const result = await db.investigate(f, { now: NOW });
    expect(result.total).toBe(INCIDENT.size);
    expect(result.errors).toHaveLength(INCIDENT.size);
    expect(result.timeline.reduce((a, p) => a + p.count, 0)).toBe(INCIDENT.size);
    const insights = await computeInsights(db, 'cause', resolveQuery(f, NOW));
    expect(insights.patterns.map((p) => p.category)).toEqual(['rate_limit']);
  });

  it('leaves a cause out with the exclusion; several causes add up; a cause with no errors matches none', async () => {
    expect(
      (await db.investigate(filters({ exclude: { categories: ['rate_limit'] } }), { now: NOW })).total,
    ).toBe(CONTEXT_ERRORS);
    expect(
      (await db.investigate(filters({ categories: ['context_length', 'rate_limit'] }), { now: NOW })).total,
    ).toBe(INCIDENT.size + CONTEXT_ERRORS);
    expect((await db.investigate(filters({ categories: ['timeout'] }), { now: NOW })).total).toBe(0);
  });
});

describe('logdesk investigate --category', () => {
  const range = ['--from', INCIDENT_DAY.from, '--to', INCIDENT_DAY.to];
  it('filters by cause, repeatable, with --not-category', async () => {
    const kept = await runCli([
      'investigate',
      '--url',
      file,
      '--table',
      'llm_tracker_usage',
      ...range,
      '--category',
      'rate_limit',
      '--json',
    ]);
    expect(kept.stderr).toBe('');
    expect(kept.code).toBe(0);
    const doc = JSON.parse(kept.stdout) as {
      total: number;
      query: { categories: string[] };
      patterns: { category: string; previousCount: number; change: string }[];
    };
    // What changed, per pattern: the six hours before the range had no errors.
    expect(doc.patterns[0]).toMatchObject({ previousCount: 0, change: 'new' });
    expect(doc.total).toBe(INCIDENT.size);
    expect(doc.query.categories).toEqual(['rate_limit']);
    expect(doc.patterns.every((p) => p.category === 'rate_limit')).toBe(true);
    const left = await runCli([
      'investigate',
      '--url',
      file,
      '--table',
      'llm_tracker_usage',
      ...range,
      '--not-category',
      'rate_limit',
      '--json',
    ]);
    expect(JSON.parse(left.stdout).total).toBe(CONTEXT_ERRORS);
  }, 120_000);

  it('refuses an unknown cause with the list of known ones (exit 2)', async () => {
    const run = await runCli([
      'investigate',
      '--url',
      file,
      '--table',
      'llm_tracker_usage',
      ...range,
      '--category',
      'slow',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--category: expected one of rate_limit, quota');
    expect(run.stderr).toContain('"slow"');
  }, 60_000);
});
