import { startBenchServer } from './bench-db.ts';
import { PgDatabase } from '../electron/engine/db/pg-database.ts';
import { parseDatabaseUrl } from '../electron/engine/db/connection-url.ts';
import { investigate } from '../electron/engine/litellm/investigate.ts';
import { Filters } from '../shared/filters.ts';
import { spawnSync } from 'node:child_process';
const b = await startBenchServer({}, '/tmp/logdesk-bench-cache');
const db = new PgDatabase({ target: parseDatabaseUrl(b.url).target });
const END = b.options.end;
const f = (d: number, extra = {}) => Filters.parse({ timeRange: { kind: 'absolute', from: new Date(END - d * 86400000).toISOString(), to: new Date(END).toISOString() }, ...extra });
for (const [name, filt] of [['7d', f(7)], ['7d', f(7)], ['24h', f(1)], ['24h lim100', f(1, { limit: 100 })], ['7d filt', f(7, { keyAliases: ['support-bot'], models: ['gpt-4o'] })]] as const) {
  const t = performance.now();
  const r = await investigate(db, filt, { timeoutMs: 600000, now: END });
  console.log(name, Math.round(performance.now() - t), r.total, r.errors.length);
}
for (let i = 0; i < 2; i++) {
const t = performance.now();
const r = spawnSync('psql', ['-X', '-q', '-h', b.server.host, '-p', String(b.server.port), '-U', 'postgres', '-d', b.database, '-v', 'from=2026-03-03 12:00:00', '-v', 'to=2026-03-10 12:00:00', '-v', 'bucket=7200', '-f', 'scripts/bench-floor.sql', '-o', '/dev/null'], { encoding: 'utf8' });
console.log('floor', Math.round(performance.now() - t), r.stderr);
}
if (process.argv[2]) { const c = await import('pg'); const cl = new c.default.Client({ connectionString: b.url }); await cl.connect(); console.log((await cl.query(process.argv[2])).rows.map((r) => r['QUERY PLAN']).join('\n')); await cl.end(); }
await db.close(); await b.stop();
