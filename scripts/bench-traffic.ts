/**
 * Traffic at scale (issue 10): summary, breakdowns and series of 7 days on the 1,000,000-row
 * database of scripts/bench-db.ts, against a hand-written SQL floor computing the same figures in
 * the same run. Target: within 2× of the floor. Writes its section of BENCHMARKS.md.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { TrafficFilters } from '../shared/traffic.ts';
import { DEFAULT_PRICES } from '../electron/engine/llm/price-table.ts';
import { parsePostgresUrl } from '../shared/source-url.ts';
import { PgDatabase } from '../electron/engine/db/pg-database.ts';
import { traffic } from '../electron/engine/traffic/traffic.ts';
import { machineLine, median, writeBenchSection } from './bench-file.ts';
import { startBenchServer } from './bench-db.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
  },
});

/**
 * The floor: what a person who knows this database would write by hand for the same figures —
 * SpendLogs rows carry the status column and the alias in metadata, ErrorLogs twins share the id.
 * One scan of each range (current and previous period), one GROUPING SETS pass with percentile_cont.
 */
const FLOOR = `
WITH s AS (
  SELECT request_id, "startTime" AS t, COALESCE(NULLIF(model_group, ''), model) AS model, model AS deployment, api_base,
         metadata->>'user_api_key_alias' AS key_alias, metadata->>'user_api_key_team_alias' AS team_alias, end_user,
         status = 'failure' AS failed, request_duration_ms::float8 AS d,
         EXTRACT(EPOCH FROM ("completionStartTime" - "startTime")) * 1000 AS ttft,
         prompt_tokens, completion_tokens, total_tokens, spend
    FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1 AND "startTime" < $3
), e AS (
  SELECT e.request_id, e."startTime" AS t, e.model_group AS model, e.litellm_model_name AS deployment, e.api_base
    FROM "LiteLLM_ErrorLogs" e WHERE e."startTime" >= $1 AND e."startTime" < $3
), f AS (
  SELECT s.t, s.model, s.deployment, s.api_base, s.key_alias, s.team_alias, s.end_user, s.failed OR e.request_id IS NOT NULL AS failed,
         s.d, s.ttft, s.prompt_tokens, s.completion_tokens, s.total_tokens, s.spend
    FROM s LEFT JOIN e USING (request_id)
  UNION ALL
  SELECT e.t, e.model, e.deployment, e.api_base, NULL, NULL, NULL, true, NULL, NULL, NULL, NULL, NULL, NULL
    FROM e WHERE NOT EXISTS (SELECT 1 FROM s WHERE s.request_id = e.request_id)
)
SELECT t >= $2 AS cur, model, deployment, api_base, key_alias, team_alias, end_user, date_trunc('hour', t) AS b,
       count(*), count(*) FILTER (WHERE failed),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY d), percentile_cont(0.95) WITHIN GROUP (ORDER BY d),
       percentile_cont(0.99) WITHIN GROUP (ORDER BY d), percentile_cont(0.5) WITHIN GROUP (ORDER BY ttft),
       percentile_cont(0.95) WITHIN GROUP (ORDER BY ttft), sum(prompt_tokens), sum(completion_tokens), sum(total_tokens), sum(spend)
  FROM f
 GROUP BY GROUPING SETS ((t >= $2), (t >= $2, model), (t >= $2, deployment, api_base, model), (t >= $2, key_alias),
                         (t >= $2, team_alias), (t >= $2, end_user), (t >= $2, date_trunc('hour', t)))`;

async function main() {
  const started = Date.now();
  const load = machineLine();
  // The database the scale bench generated and cached (npm run bench runs one bench at a time);
  // when another bench is serving that folder right now, a cache of its own.
  const options = { spendLogs: Number(values.rows) };
  const bench = await startBenchServer(options).catch(() =>
    startBenchServer(options, join(tmpdir(), 'logdesk-bench-traffic-cache')),
  );
  const { end, days } = bench.options;
  const from = new Date(end - days * 86_400_000).toISOString();
  const to = new Date(end).toISOString();
  const prevFrom = new Date(end - 2 * days * 86_400_000).toISOString();
  const filters = TrafficFilters.parse({ timeRange: { kind: 'absolute', from, to } });
  const db = new PgDatabase({ target: parsePostgresUrl(bench.url).target });
  const client = new pg.Client({ connectionString: bench.url });
  await client.connect();
  await client.query('SET jit = off');
  const engineMs: number[] = [];
  const floorMs: number[] = [];
  let summary = null as Awaited<ReturnType<typeof traffic>>['summary'] | null;
  try {
    for (let i = 0; i < Number(values.runs); i++) {
      let t0 = performance.now();
      const result = await traffic(db, filters, {
        now: end,
        prices: DEFAULT_PRICES,
        basis: 'spend_logs',
        granularity: 'hour',
        page: { sort: 'time', direction: 'desc', cursor: null, limit: 0 },
        timeoutMs: 600_000,
      });
      engineMs.push(performance.now() - t0);
      summary = result.summary;
      t0 = performance.now();
      await client.query(FLOOR, [prevFrom.replace('Z', ''), from.replace('Z', ''), to.replace('Z', '')]);
      floorMs.push(performance.now() - t0);
    }
  } finally {
    await client.end();
    await db.close();
    await bench.stop();
  }
  const ratio = median(engineMs) / median(floorMs);
  const body = `## Traffic overview at scale (\`npm run bench\`)

Summary, the five breakdowns (model, deployment, key alias, team, end user) and the hourly series of
7 days plus the 7 days before (change vs before), on the ${Number(values.rows).toLocaleString('en-US')}-row database of
scripts/bench-db.ts (${summary?.requests.toLocaleString('en-US')} requests in the range, ${summary?.failed.toLocaleString('en-US')} failed).
The floor is hand-written SQL for the same figures knowing this data (status column set, alias in metadata),
one pass with GROUPING SETS, run on the same server in the same run, alternating with the engine.
${load}

| Measure | Result |
|---|---|
| Engine (\`traffic()\`: schema check, error-set CTE, grouping sets), median of ${values.runs}, ms | **${Math.round(median(engineMs))}** |
| Hand-written floor, median of ${values.runs}, ms | ${Math.round(median(floorMs))} |
| Engine / floor (target ≤ 2) | **${ratio.toFixed(2)}** |
| Runs, engine ms | ${engineMs.map(Math.round).join(', ')} |
| Runs, floor ms | ${floorMs.map(Math.round).join(', ')} |
| Whole benchmark (database ${bench.cached ? 'from cache' : 'generated'}), s | ${((Date.now() - started) / 1000).toFixed(1)} |
`;
  await writeBenchSection(values.out!, 'traffic', body);
  process.stdout.write(body);
  if (ratio > 2) process.exitCode = 1;
}

await main();
