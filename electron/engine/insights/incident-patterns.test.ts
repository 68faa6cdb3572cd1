import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import { CONTEXT_ERRORS, INCIDENT, INCIDENT_DAY, incidentSqlite } from '../../test-support/incident-burst.ts';
import { SqliteDatabase } from '../db/sqlite-database.ts';
import { resolveQuery } from '../litellm/investigate.ts';
import { MappedDatabase } from '../sources/investigate-mapped.ts';
import { computeInsights } from './insights.ts';

let dir: string;
let db: MappedDatabase;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-incident-'));
  const file = join(dir, 'tracker.db');
  execFileSync('sqlite3', [file], { input: incidentSqlite() });
  db = new MappedDatabase(new SqliteDatabase(file), {
    table: 'llm_tracker_usage',
    builtIn: 'llm_tracker_usage',
    columns: { time: 'created_at', requestId: 'id', model: 'model', keyAlias: 'user_id', errorMessage: 'error' },
    success: { kind: 'boolean', column: 'success' },
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the incident on an llm_tracker_usage table (no status column)', () => {
  it('is the top pattern, named a rate limit, apart from the context-length 400s that share its prefix', async () => {
    const query = resolveQuery(Filters.parse({ timeRange: { kind: 'absolute', ...INCIDENT_DAY } }));
    const insights = await computeInsights(db, 'incident', query);
    const [top, second] = insights.patterns;
    expect(top).toMatchObject({ count: INCIDENT.size, category: 'rate_limit', models: [{ value: INCIDENT.model, count: INCIDENT.size }] });
    expect(top!.template).toContain("'Throttling.RateQuota'");
    expect(top!.template).toContain('Error code: 429');
    expect(second).toMatchObject({ count: CONTEXT_ERRORS, category: 'context_length' });
    expect(second!.template).toContain('Error code: 400');
    expect(insights.patternCount).toBe(2);
  });
});
