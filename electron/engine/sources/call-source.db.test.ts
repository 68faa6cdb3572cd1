import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../shared/connection.ts';
import { Filters } from '../../../shared/filters.ts';
import type { Investigation } from '../../../shared/investigation.ts';
import type { SourceMapping } from '../../../shared/source-mapping.ts';
import { TrafficFilters } from '../../../shared/traffic.ts';
import {
  EXPECTED_ERROR_IDS,
  loadFixture,
  RANGE as LITELLM_RANGE,
} from '../../test-support/litellm-fixture.ts';
import { sharedTestPostgres } from '../../test-support/shared-postgres.ts';
import { Connections } from '../connections.ts';
import { DEFAULT_PRICES } from '../llm/price-table.ts';
import { nodePlatform } from '../platform/node-platform.ts';
import { resolveQuery } from '../query/resolve-query.ts';
import type { CallSource } from './call-source.ts';

/**
 * Every read of the CallSource interface, run through the source `Connections` hands out for a
 * LiteLLM PostgreSQL URL and for a mapped SQLite URL: each kind answers each read (or says it cannot).
 * The table below is keyed by the interface's reads, so a read added there without a case here fails tsc.
 */
type Read = Exclude<keyof CallSource, 'kind' | 'description' | 'database' | 'close'>;

// A call-log table of the shape the mapping names: 12 calls ten minutes apart, every odd one failed.
const MAPPING: SourceMapping = {
  table: 'calls',
  columns: { time: 'at', requestId: 'id', model: 'model', errorMessage: 'error', durationMs: 'ms' },
  success: { kind: 'boolean', column: 'ok' },
};
const SQLITE_RANGE = { from: '2026-11-20T08:00:00.000Z', to: '2026-11-20T10:00:00.000Z' };
const SQLITE_FAILURES = 6;

let dir: string;
let connections: Connections;
const sources = new Map<'litellm' | 'mapped', Source>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-call-source-'));
  const file = join(dir, 'calls.db');
  execFileSync('sqlite3', [file], {
    input: `CREATE TABLE calls (id text, at datetime, model text, ok bool, error text, ms integer);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 11)
INSERT INTO calls SELECT printf('c%02d', i), strftime('%Y-%m-%d %H:%M:%S', '2026-11-20 08:00:00', '+' || (i * 10) || ' minutes'),
  CASE WHEN i % 4 = 1 THEN 'gpt-4o' ELSE 'claude-3-5-sonnet' END, 1 - i % 2, CASE WHEN i % 2 = 1 THEN 'Rate limit reached for ' || i END, 100 * (i + 1) FROM n;`,
  });
  const server = sharedTestPostgres();
  await server.createDatabase('callsource');
  const client = new pg.Client({ connectionString: server.url('callsource') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  await client.end();
  connections = new Connections(nodePlatform({ LOGDESK_HOME: join(dir, 'home') }));
  sources.set('litellm', { kind: 'url', url: server.url('callsource') });
  sources.set('mapped', { kind: 'url', url: `sqlite://${file}`, source: { mapping: MAPPING } });
});

afterAll(async () => {
  await connections?.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

interface Case {
  kind: 'litellm' | 'mapped';
  range: { from: string; to: string };
  /** The failures in range as the fixture holds them (independent of the engine). */
  failures: number;
}
const CASES: Case[] = [
  { kind: 'litellm', range: LITELLM_RANGE, failures: EXPECTED_ERROR_IDS.length },
  { kind: 'mapped', range: SQLITE_RANGE, failures: SQLITE_FAILURES },
];

describe.each(CASES)('every read of a $kind source', ({ kind, range, failures }) => {
  const now = Date.parse(range.to);
  const filters = Filters.parse({ timeRange: { kind: 'absolute', ...range } });
  const query = resolveQuery(filters, now);
  const traffic = TrafficFilters.parse({ timeRange: { kind: 'absolute', ...range } });
  const trafficOptions = { now, prices: DEFAULT_PRICES };
  const open = () => connections.get(sources.get(kind)!);
  let investigation: Investigation;

  it('is handed out by Connections as its own kind', async () => {
    const source = await open();
    expect(source.kind).toBe(kind);
    investigation = await source.investigate(filters, { now });
    expect(investigation.total).toBe(failures);
  });

  const READS: Record<Read, (s: CallSource) => Promise<void>> = {
    investigate: async (s) => {
      // First rows come before the totals only where the session can bound a statement (LiteLLM).
      let first: unknown[] | null = null;
      const result = await s.investigate(filters, { now, onFirstRows: (rows) => void (first = rows) });
      expect(result).toEqual(investigation);
      if (kind === 'litellm') expect(first).toEqual(result.errors);
      else expect(first).toBeNull();
    },
    forEachErrorPage: async (s) => {
      const ids: string[] = [];
      expect(
        await s.forEachErrorPage(query, (rows) => void ids.push(...rows.map((r) => r.requestId)), {
          pageSize: 4,
        }),
      ).toBe(failures);
      expect(ids).toEqual(investigation.errors.map((e) => e.requestId));
    },
    errorPagesWithSeries: async (s) => {
      const ids: string[] = [];
      const { rows, series } = await s.errorPagesWithSeries(
        query,
        (page) => void ids.push(...page.map((r) => r.requestId)),
        { pageSize: 4 },
      );
      expect(rows).toBe(failures);
      expect(ids).toEqual(investigation.errors.map((e) => e.requestId));
      // The same series as the read of its own.
      expect(series).toEqual((await s.dimensionSeries(query)).series);
    },
    errorDetail: async (s) => {
      const newest = investigation.errors[0]!.requestId;
      expect((await s.errorDetail(newest)).requestId).toBe(newest);
      // The LLM citing an id no row has: NOT_FOUND, never QUERY_FAILED (the analysis's citation check relies on it).
      await expect(s.errorDetail('no-such-request')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    },
    values: async (s) => {
      const models = await s.values({ field: 'model', timeRange: filters.timeRange, limit: 10 }, { now });
      // LiteLLM's model suggestions list deployments beside model groups: its counts may exceed the failures.
      expect(models.map((v) => v.value)).toEqual(
        expect.arrayContaining(investigation.byModel.map((m) => m.model)),
      );
      if (kind === 'mapped') expect(models.reduce((n, v) => n + v.count, 0)).toBe(failures);
    },
    dimensionSeries: async (s) => {
      const { series } = await s.dimensionSeries(query);
      const byModel = series.filter((d) => d.dimension === 'model');
      expect(byModel.flatMap((d) => d.counts).reduce((a, b) => a + b, 0)).toBe(failures);
    },
    spikeContexts: async (s) => {
      const contexts = await s.spikeContexts(query, [
        { dimension: 'model', value: null, from: range.from, to: range.to },
      ]);
      expect(contexts).toHaveLength(1);
    },
    patternCells: async (s) => {
      const cells = s.patternCells(query);
      // Mapped tables have no pre-grouping statement: null, and callers read every error page instead.
      if (kind === 'mapped') return expect(cells).toBeNull();
      const read = await cells!;
      expect(read.cells.reduce((n, c) => n + c.count, 0)).toBe(failures);
    },
    traffic: async (s) => {
      const t = await s.traffic(traffic, { ...trafficOptions, basis: 'spend_logs' });
      expect(t.summary.failed).toBeGreaterThan(0);
      expect(t.summary.requests).toBeGreaterThanOrEqual(t.summary.failed);
      if (kind === 'mapped') expect(t.summary).toMatchObject({ requests: 12, failed: failures });
    },
    trafficRequests: async (s) => {
      const first = await s.trafficRequests(
        traffic,
        { sort: 'time', direction: 'desc', cursor: null, limit: 2 },
        trafficOptions,
      );
      expect(first.requests).toHaveLength(2);
      const next = await s.trafficRequests(
        traffic,
        { sort: 'time', direction: 'desc', cursor: first.nextCursor, limit: 2 },
        trafficOptions,
      );
      expect(next.requests.map((r) => r.requestId)).not.toContain(first.requests[0]!.requestId);
    },
    watchCounts: async (s) => {
      const middle = (Date.parse(range.from) + now) / 2;
      const { current, baseline } = await s.watchCounts(filters, {
        currentFrom: middle,
        now,
        baselineFrom: Date.parse(range.from),
        baselineTo: middle,
      });
      expect(current.errors + baseline.errors).toBe(failures);
      expect(current.requests).toBeGreaterThanOrEqual(current.errors);
    },
    healthCheck: async (s) => {
      const report = await s.healthCheck(range, { now });
      expect(report.engine).toBe(kind === 'litellm' ? 'postgres' : 'sqlite');
    },
  };

  it.each(Object.keys(READS) as Read[])('%s', async (read) => {
    await READS[read](await open());
  });
});
