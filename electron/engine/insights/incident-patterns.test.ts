import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import { CONTEXT_ERRORS, INCIDENT, INCIDENT_DAY, incidentSqlite } from '../../test-support/incident-burst.ts';
import { SqliteDatabase } from '../db/sqlite-database.ts';
import { resolveQuery } from '../query/resolve-query.ts';
import { MappedSource } from '../sources/mapped/mapped-source.ts';
import { computeInsights } from './insights.ts';

/** The engine's clock in these tests: after every range they read (absolute ranges do not depend on it). */
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

let dir: string;
let db: MappedSource;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-incident-'));
  const file = join(dir, 'tracker.db');
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

describe('the incident on an llm_tracker_usage table (no status column)', () => {
  it('is the top pattern, named a rate limit, apart from the context-length 400s that share its prefix', async () => {
    const query = resolveQuery(Filters.parse({ timeRange: { kind: 'absolute', ...INCIDENT_DAY } }), NOW);
    const insights = await computeInsights(db, 'incident', query);
    const [top, second] = insights.patterns;
    expect(top).toMatchObject({
      count: INCIDENT.size,
      category: 'rate_limit',
      models: [{ value: INCIDENT.model, count: INCIDENT.size }],
    });
    expect(top!.template).toContain("'Throttling.RateQuota'");
    expect(top!.template).toContain('Error code: 429');
    expect(second).toMatchObject({ count: CONTEXT_ERRORS, category: 'context_length' });
    expect(second!.template).toContain('Error code: 400');
    expect(insights.patternCount).toBe(2);
  });
});

describe('what changed against the period before', () => {
  it('leads with the pattern that exists only in the incident window, each pattern with its previous count', async () => {
    // 09:00–09:30 against 08:30–09:00: the context-length errors run all day, the throttling only now.
    const range = { from: '2026-11-21T09:00:00.000Z', to: '2026-11-21T09:30:00.000Z' };
    const insights = await computeInsights(
      db,
      'changed',
      resolveQuery(Filters.parse({ timeRange: { kind: 'absolute', ...range } }), NOW),
    );
    const [top, next] = insights.patterns;
    expect(top).toMatchObject({
      category: 'rate_limit',
      count: INCIDENT.size,
      previousCount: 0,
      change: 'new',
    });
    expect(next).toMatchObject({ category: 'context_length', count: 4, previousCount: 4, change: 'steady' });
    expect(insights.before).toEqual({ from: '2026-11-21T08:30:00.000Z', to: range.from, count: 4 });
  });
});
