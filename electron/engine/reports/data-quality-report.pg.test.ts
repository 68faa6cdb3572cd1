import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine.ts';
import { destroyPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../test-support/shared-postgres.ts';
import { testPlatform } from '../../test-support/test-platform.ts';
import { loadHealthFixture } from '../../test-support/health-fixture.ts';

let server: TestPostgres;
let engine: Engine;
const RANGE = { kind: 'absolute' as const, from: '2026-03-10T10:00:00.000Z', to: '2026-03-10T11:00:00.000Z' };

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
  engine = createEngine(testPlatform({ now: () => Date.parse('2026-03-10T12:30:00Z') }));
}, 120_000);

afterAll(async () => {
  await engine?.close();
  if (server) await destroyPostgres(server);
});

async function report(database: string) {
  const result = await engine.call('investigation.run', {
    source: { kind: 'url', url: server.url(database) },
    filters: { timeRange: RANGE, limit: 50 },
  });
  const out = mkdtempSync(join(tmpdir(), 'logdesk-dq-report-'));
  const written = await engine.call('report.export', { investigationId: result.id, outDir: out });
  const file = (prefix: string) =>
    readFileSync(
      join(
        written.dir,
        written.files.find((f) => f.startsWith(prefix))!,
      ),
      'utf8',
    );
  return { html: file('report_'), md: file('summary_') };
}

describe('the report\'s "Data quality" section (issue #25)', () => {
  it("names the findings that touch the report's range: the gap inside it and the day whose counts disagree", async () => {
    const { html, md } = await report('gap');
    expect(html).toContain('id="h-data-quality"');
    expect(html).toContain('1 logging gap: 10 minutes with no request logged amid steady traffic');
    expect(html).toContain('SpendLogs lacks 20 requests that &quot;LiteLLM_DailyUserSpend&quot; counted');
    expect(md).toMatch(/\*\*Data quality\*\*\n- 1 logging gap: 10 minutes/);
  });

  it('is left out when nothing touches the range', async () => {
    const { html, md } = await report('clean');
    expect(html).not.toContain('h-data-quality');
    expect(md).not.toContain('Data quality');
  });
});
