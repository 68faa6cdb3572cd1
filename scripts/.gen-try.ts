import { startBenchServer } from './bench-db.ts';
import pg from 'pg';
const n = Number(process.argv[2] ?? 20000);
const t = performance.now();
const b = await startBenchServer({ spendLogs: n }, process.argv[3] ?? null);
console.log('gen ms', Math.round(performance.now() - t), b.cached);
const c = new pg.Client({ connectionString: b.url }); await c.connect();
for (const q of [`SELECT count(*), count(*) FILTER (WHERE status='failure') f, avg(pg_column_size(metadata)+pg_column_size(messages))::int sz, min("startTime"), max("startTime") FROM "LiteLLM_SpendLogs"`,
 `SELECT count(*), count(*) FILTER (WHERE request_id LIKE 'err-%') only FROM "LiteLLM_ErrorLogs"`,
 `SELECT pg_size_pretty(pg_database_size(current_database())) s`,
 `SELECT metadata->'error_information'->>'error_message' m FROM "LiteLLM_SpendLogs" WHERE status='failure' LIMIT 3`]) console.log((await c.query(q)).rows);
await c.end(); await b.stop();
