import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Filters } from '../../../shared/filters.ts';
import { TrafficFilters } from '../../../shared/traffic.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { insertRows } from '../demo/loader.ts';
import { investigate } from '../sources/litellm/investigate.ts';
import { litellmDdl } from '../sources/litellm/ddl.ts';
import { destroyPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../test-support/shared-postgres.ts';
import { traffic } from './traffic.ts';

/**
 * Issue 24 item 7: a 30-minute incident in a 24 h range shows as its own buckets on Traffic as on
 * Errors. Rows in the shape LiteLLM's `get_logging_payload` (spend_tracking_utils.py) writes them:
 * one SpendLogs row per request, `status` 'success' / 'failure', `metadata.error_information` on failures.
 */
const DAY = { kind: 'absolute' as const, from: '2026-03-10T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' };
const INCIDENT = Date.parse('2026-03-10T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function rows() {
  const failure = {
    error_class: 'RateLimitError',
    error_code: '429',
    error_message: 'rate limited',
    llm_provider: 'azure',
  };
  const list = [];
  // 12 failed requests, one every 2.5 minutes over 10:00–10:30.
  for (let i = 0; i < 12; i++) {
    list.push({
      request_id: `fail-${i}`,
      startTime: at(INCIDENT + i * 150_000),
      status: 'failure',
      metadata: { user_api_key_alias: 'agent', status: 'failure', error_information: failure },
    });
  }
  // One successful request each hour at :45, all day.
  for (let h = 0; h < 24; h++) {
    list.push({
      request_id: `ok-${h}`,
      startTime: at(Date.parse(DAY.from) + h * 3_600_000 + 45 * 60_000),
      status: 'success',
      metadata: { user_api_key_alias: 'agent', status: 'success' },
    });
  }
  return list.map((r) => ({ ...r, endTime: r.startTime, model: 'azure/gpt-4o-eu', model_group: 'gpt-4o' }));
}

let server: TestPostgres;
let db: PgDatabase;

beforeAll(async () => {
  server = sharedTestPostgres();
  await server.createDatabase('incident');
  const client = new pg.Client({ connectionString: server.url('incident') });
  await client.connect();
  const exec = (sql: string, params?: readonly unknown[]) => client.query(sql, params as unknown[]);
  for (const statement of litellmDdl({ withDailyTables: false }).split(';\n')) await exec(statement);
  await insertRows(
    exec,
    'LiteLLM_SpendLogs',
    rows(),
    ['request_id', 'startTime', 'endTime', 'model', 'model_group', 'status', 'metadata'],
    {
      metadata: 'jsonb',
      startTime: 'timestamp',
      endTime: 'timestamp',
    },
  );
  await client.end();
  db = new PgDatabase({ target: parsePostgresUrl(server.url('incident')).target });
}, 60_000);

afterAll(async () => {
  await db?.close();
  if (server) await destroyPostgres(server);
});

describe('one bucket rule for Errors and Traffic (issue 24 item 7)', () => {
  it('a 30-minute incident in a 24 h range is its own buckets on Traffic as on Errors', async () => {
    const errors = await investigate(db, Filters.parse({ timeRange: DAY }), { now: Date.parse(DAY.to) });
    const t = await traffic(db, TrafficFilters.parse({ timeRange: DAY }), {
      now: Date.parse(DAY.to),
      prices: { currency: 'USD', models: [] },
      basis: 'spend_logs',
    });
    expect(t.query.bucketSeconds).toBe(errors.query.bucketSeconds);
    expect(t.series.map((p) => p.bucket)).toEqual(errors.timeline.map((p) => p.bucket));
    expect(t.series.map((p) => p.failed)).toEqual(errors.timeline.map((p) => p.count));
    const failedAt = (time: string) =>
      t.series.find((p) => p.bucket === `2026-03-10T${time}:00.000Z`)?.failed;
    // The incident fills its own buckets; the ones either side stay empty.
    expect([failedAt('09:45'), failedAt('10:00'), failedAt('10:15'), failedAt('10:30')]).toEqual([
      0, 6, 6, 0,
    ]);
  });
});
