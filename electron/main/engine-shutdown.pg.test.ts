import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../engine/platform/platform.ts';
import { memorySecrets, nodeHost } from '../test-support/engine-host-process.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { loadReportFixture, REPORT_RANGE } from '../test-support/report-fixture.ts';
import { EngineClient } from './engine-client.ts';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
let db: TestPostgres;

beforeAll(async () => {
  db = await startPostgres();
  await db.createDatabase('bulk');
  const client = new pg.Client({ connectionString: db.url('bulk') });
  await client.connect();
  await loadReportFixture((sql, params) => client.query(sql, params as unknown[]), 40_000);
  await client.end();
});

afterAll(async () => {
  if (db) await destroyPostgres(db);
});

describe('quitting the desktop app during an export', () => {
  it('cancels the export in the engine first: no temp file and no half report is left in the folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'logdesk-quit-'));
    const out = mkdtempSync(join(tmpdir(), 'logdesk-quit-out-'));
    const client = new EngineClient(nodeHost(dataDir), memorySecrets(), quiet);
    const source = { kind: 'url' as const, url: db.url('bulk') };
    const run = await client.call('investigation.run', {
      source,
      filters: { timeRange: { kind: 'absolute', ...REPORT_RANGE } },
      limit: 5,
    });
    expect(run.ok, JSON.stringify(run)).toBe(true);
    const id = (run as { result: { id: string } }).result.id;
    const started = await client.call('report.start', { investigationId: id, outDir: out });
    expect(started.ok, JSON.stringify(started)).toBe(true);

    const files = () => (existsSync(out) ? readdirSync(out).flatMap((d) => readdirSync(join(out, d))) : []);
    // Quit once the CSV's temp file exists, mid-export (as the window's close quits the app).
    for (let i = 0; i < 3_000 && !files().some((f) => f.endsWith('.tmp')); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(
      files().some((f) => f.endsWith('.tmp')),
      'the export never started its CSV',
    ).toBe(true);
    await client.stop();
    expect(files()).toEqual([]);
  }, 120_000);
});
