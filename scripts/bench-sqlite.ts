/**
 * SQLite driver choice: the errors investigation of a mapped `llm_tracker_usage` table with 1,000,000
 * rows (50,000 failures), read through node-sqlite3-wasm in its worker (the app's driver) and through
 * the native sqlite3 CLI (native SQLite speed, the exec transport's path). better-sqlite3 is measured
 * when it is installed. Written to BENCHMARKS.md. `--rows N` (default 1,000,000).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Filters } from '../shared/filters.ts';
import type { Database } from '../electron/engine/db/database.ts';
import { SqliteDatabase } from '../electron/engine/db/sqlite-database.ts';
import { investigateMapped, MappedDatabase } from '../electron/engine/sources/investigate-mapped.ts';
import { openMapped } from '../electron/engine/sources/open-mapped.ts';
import { ClientExecDatabase } from '../electron/engine/transports/exec/client-exec-database.ts';
import { machineLine, writeBenchSection } from './bench-file.ts';
import { TrafficFilters } from '../shared/traffic.ts';
import { DEFAULT_PRICES } from '../electron/engine/llm/price-table.ts';
import { traffic } from '../electron/engine/traffic/traffic.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, out: { type: 'string', default: 'BENCHMARKS.md' } } });
const rows = Number(values.rows);
const load = (await import('node:os')).loadavg()[0];
const dir = mkdtempSync(join(tmpdir(), 'logdesk-bench-sqlite-'));
const file = join(dir, 'calls.db');
const started = Date.now();
execFileSync('sqlite3', [file], {
  input: `CREATE TABLE llm_tracker_usage (id char(32) PRIMARY KEY, user_id varchar(64), model varchar(100), prompt_tokens integer, completion_tokens integer, total_tokens integer, cached_tokens integer, reasoning_tokens integer, success bool NOT NULL, error text, metadata text, created_at datetime NOT NULL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < ${rows})
INSERT INTO llm_tracker_usage SELECT printf('%032x', i), 'user' || (i % 50), 'model-' || (i % 7), i % 1000, i % 300, i % 1000 + i % 300, 0, 0, (i % 20) <> 0,
  CASE WHEN i % 20 = 0 THEN 'RateLimitError: limit ' || (i % 13) || ' reached for request ' || i END, '{"node_name":"n1"}',
  strftime('%Y-%m-%d %H:%M:%f', '2026-11-01', '+' || (i * 2) || ' seconds') FROM n;
CREATE INDEX ix_created ON llm_tracker_usage(created_at);`,
});
const generatedS = (Date.now() - started) / 1000;
const filters = Filters.parse({ timeRange: { kind: 'absolute', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' }, limit: 1000 });

async function measure(label: string, open: () => Database) {
  const rssBefore = process.memoryUsage().rss;
  const db = (await openMapped(open(), { table: 'llm_tracker_usage' })) as MappedDatabase;
  const t0 = performance.now();
  const result = await investigateMapped(db, filters, { timeoutMs: 600_000 });
  const ms = performance.now() - t0;
  const t1 = performance.now();
  const usage = await traffic(db, TrafficFilters.parse({ timeRange: filters.timeRange }), { prices: DEFAULT_PRICES, timeoutMs: 600_000 });
  const trafficMs = performance.now() - t1;
  if (usage.summary.failed !== result.total) throw new Error(`traffic failed ${usage.summary.failed} ≠ investigation total ${result.total}`);
  const rssMiB = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  await db.close();
  return { label, ms, trafficMs, total: result.total, rssMiB };
}

const results = [
  await measure('node-sqlite3-wasm in a worker (the app)', () => new SqliteDatabase(file)),
  await measure('sqlite3 CLI, native (exec transport)', () =>
    new ClientExecDatabase({ settings: { runner: { kind: 'custom', command: ['env'] }, engine: 'sqlite', file, database: 'x', user: 'x', psql: 'psql' } }),
  ),
];
let betterNote = 'better-sqlite3 is not installed here (no prebuilt binary reachable; its source build did not finish in 20 minutes on this machine).';
try {
  const req = createRequire(import.meta.url);
  const Better = req('better-sqlite3') as new (f: string, o: object) => { prepare(s: string): { all(...p: unknown[]): unknown[] }; close(): void };
  const t0 = performance.now();
  const db = new Better(file, { readonly: true });
  db.prepare(`SELECT model, count(*) FROM llm_tracker_usage WHERE created_at >= ? AND created_at < ? AND success = 0 GROUP BY 1`).all('2026-11-01 00:00:00', '2026-12-01 00:00:00');
  db.close();
  betterNote = `better-sqlite3 (native, one GROUP BY of the same scan): ${Math.round(performance.now() - t0)} ms.`;
} catch {
  // not installed: the note above says so
}
rmSync(dir, { recursive: true, force: true });
if (existsSync(dir)) throw new Error('temp folder left behind');

const body = `## SQLite driver (\`node --import tsx scripts/bench-sqlite.ts\`)

The errors investigation (breakdowns + the 1,000 newest failures, as \`logdesk investigate\` runs it) on a
mapped \`llm_tracker_usage\` table of ${rows.toLocaleString('en-US')} rows (${(rows / 20).toLocaleString('en-US')} failures) in one SQLite file
(generated in ${generatedS.toFixed(1)} s). ${machineLine(load)}

The traffic overview (\`logdesk usage\`: every request, breakdowns, series, first page) on the same table follows.

| Driver | Investigation, ms | Traffic, ms | Failures counted | Process memory growth, MiB |
|---|---|---|---|---|
${results.map((r) => `| ${r.label} | **${Math.round(r.ms).toLocaleString('en-US')}** | ${Math.round(r.trafficMs).toLocaleString('en-US')} | ${r.total.toLocaleString('en-US')} | ${r.label.includes('CLI') ? 'n/a (child process)' : r.rssMiB.toFixed(0)} |`).join('\n')}

${betterNote}
`;
console.log(await writeBenchSection(values.out!, 'sqlite', body));
