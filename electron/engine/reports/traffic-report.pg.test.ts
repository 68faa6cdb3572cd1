import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { destroyPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../test-support/shared-postgres.ts';
import { testPlatform } from '../../test-support/test-platform.ts';
import { RANGE } from '../../test-support/litellm-fixture.ts';
import { loadTrafficFixture } from '../../test-support/traffic-fixture.ts';

let server: TestPostgres;
let engine: Engine;

beforeAll(async () => {
  server = sharedTestPostgres();
  await server.createDatabase('gateway');
  const client = new pg.Client({ connectionString: server.url('gateway') });
  await client.connect();
  await loadTrafficFixture((sql, params) => client.query(sql, params as unknown[]));
  await client.end();
  engine = createEngine(testPlatform());
});

afterAll(async () => {
  await engine?.close();
  if (server) await destroyPostgres(server);
});

describe('the report folder gains the traffic of the same range and filters', () => {
  it('writes usage_HHMMSS.csv and a traffic section in the HTML and Markdown, with the figures of traffic.run', async () => {
    const source = { kind: 'url' as const, url: server.url('gateway') };
    const filters = { timeRange: { kind: 'absolute' as const, ...RANGE }, limit: 50 };
    const result = await engine.call('investigation.run', { source, filters });
    const traffic = await engine.call('traffic.run', { source, filters });
    const out = mkdtempSync(join(tmpdir(), 'logdesk-traffic-report-'));
    const report = await engine.call('report.export', { investigationId: result.id, outDir: out });
    const file = (prefix: string) =>
      readFileSync(
        join(
          report.dir,
          report.files.find((f) => f.startsWith(prefix))!,
        ),
        'utf8',
      );

    const csv = parse(file('usage_'), { columns: true }) as Record<string, string>[];
    const total = csv.find((r) => r.dimension === 'total')!;
    expect(Number(total.requests)).toBe(traffic.summary.requests);
    expect(Number(total.failed)).toBe(result.total);
    expect(Number(total.previous_requests)).toBe(traffic.previous.requests);
    const models = csv.filter((r) => r.dimension === 'model');
    expect(models.map((r) => r.value)).toEqual(traffic.byModel.map((m) => m.model ?? ''));
    expect(csv.filter((r) => r.dimension === 'deployment').length).toBe(traffic.byDeployment.length);

    const html = file('report_');
    expect(html).toContain('id="h-traffic"');
    expect(html).toContain(
      `${traffic.summary.requests.toLocaleString('en-US')}</div><div class="label">requests`,
    );
    const md = file('summary_');
    expect(md).toContain(`Requests: **${traffic.summary.requests.toLocaleString('en-US')}**`);
  });
});
