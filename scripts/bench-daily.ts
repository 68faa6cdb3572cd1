/**
 * Long ranges (issue 23): 30 days of traffic on the 1,000,000-row database of scripts/bench-db.ts
 * when SpendLogs holds only its last 7 days (LiteLLM's retention job prunes it) and LiteLLM's daily
 * tables hold the 60 days the range and the period before need. The engine answers from the daily
 * tables and says so; the floor is hand-written SQL over the same daily tables, in the same run.
 * The daily tables are added to the cached database for the run and dropped after it.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { TrafficFilters } from '../shared/traffic.ts';
import { DEFAULT_PRICES } from '../electron/engine/llm/price-table.ts';
import { parsePostgresUrl } from '../shared/source-url.ts';
import { PgDatabase } from '../electron/engine/db/pg-database.ts';
import { litellmDailyDdl } from '../electron/engine/sources/litellm/ddl.ts';
import { traffic } from '../electron/engine/traffic/traffic.ts';
import { fmt, machineLine, median, ratio, writeBenchSection } from './bench-file.ts';
import { startBenchServer } from './bench-db.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
    cache: { type: 'string' },
  },
});

const DAILY = [
  'LiteLLM_DailyUserSpend',
  'LiteLLM_DailyTeamSpend',
  'LiteLLM_DailyTagSpend',
  'LiteLLM_TeamTable',
];
const DAY = 86_400_000;

/**
 * The daily tables as LiteLLM's daily spend update writes them (one row per owner, day, key, model
 * and provider with the day's totals), from the week SpendLogs holds; the weeks before it, which the
 * retention job pruned from SpendLogs, are that week's rows again, 7, 14, … days earlier.
 */
const FILL = (table: string, owner: string, ownerValue: string, weeks: number) => `
INSERT INTO "${table}" (id, ${owner}, date, api_key, model, model_group, custom_llm_provider,
       prompt_tokens, completion_tokens, spend, api_requests, successful_requests, failed_requests)
SELECT md5(w || '|' || o || '|' || d || '|' || api_key || '|' || model), o,
       to_char(d::date - 7 * w, 'YYYY-MM-DD'), api_key, model, model_group, custom_llm_provider, p, c, s, n, n - f, f
  FROM (SELECT ${ownerValue} AS o, to_char("startTime", 'YYYY-MM-DD') AS d, api_key, model, model_group, custom_llm_provider,
               sum(prompt_tokens) AS p, sum(completion_tokens) AS c, sum(spend) AS s, count(*) AS n,
               count(*) FILTER (WHERE status = 'failure') AS f
          FROM "LiteLLM_SpendLogs" GROUP BY 1, 2, 3, 4, 5, 6) week
 CROSS JOIN generate_series(0, ${weeks}) AS w`;

/**
 * The floor: what a person who knows these tables would write for the same figures — one pass over
 * LiteLLM_DailyUserSpend for both periods with GROUPING SETS (totals, model, key alias, day).
 */
const FLOOR = `
SELECT d.date >= $2 AS cur, d.model_group AS model, t.key_alias, d.date, sum(d.api_requests) AS requests,
       sum(d.failed_requests) AS failed, sum(d.prompt_tokens) AS prompt_tokens, sum(d.completion_tokens) AS completion_tokens,
       sum(d.spend) AS spend
  FROM "LiteLLM_DailyUserSpend" d LEFT JOIN "LiteLLM_VerificationToken" t ON t.token = d.api_key
 WHERE d.date >= $1 AND d.date < $3
 GROUP BY GROUPING SETS ((d.date >= $2), (d.date >= $2, d.model_group), (d.date >= $2, t.key_alias), (d.date >= $2, d.date))`;

async function main() {
  const started = Date.now();
  const load = machineLine();
  const options = { spendLogs: Number(values.rows) };
  const bench = await startBenchServer(options, values.cache ?? join(tmpdir(), 'logdesk-bench-cache')).catch(
    () => startBenchServer(options, join(tmpdir(), 'logdesk-bench-daily-cache')),
  );
  const { end } = bench.options;
  // 30 whole days ending with the day of the newest call, and the 30 before them.
  const to = Math.ceil(end / DAY) * DAY;
  const from = to - 30 * DAY;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const client = new pg.Client({ connectionString: bench.url });
  await client.connect();
  const drop = () => client.query(DAILY.map((t) => `DROP TABLE IF EXISTS "${t}"`).join('; '));
  const db = new PgDatabase({ target: parsePostgresUrl(bench.url).target });
  const engineMs: number[] = [];
  const floorMs: number[] = [];
  let result: Awaited<ReturnType<typeof traffic>> | null = null;
  let floorRequests = 0;
  let dailyRows: number;
  try {
    await drop();
    for (const statement of litellmDailyDdl()) await client.query(statement);
    const weeks = Math.ceil(60 / 7);
    // One owner a key, as in a real proxy (the fixture's per-request user ids would make a daily row per request).
    await client.query(FILL('LiteLLM_DailyUserSpend', 'user_id', `'owner-' || left(api_key, 8)`, weeks));
    await client.query(FILL('LiteLLM_DailyTeamSpend', 'team_id', 'team_id', weeks));
    await client.query('ANALYZE');
    dailyRows = Number(
      (await client.query(`SELECT count(*) AS n FROM "LiteLLM_DailyUserSpend"`)).rows[0].n as string,
    );
    const filters = TrafficFilters.parse({
      timeRange: { kind: 'absolute', from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    });
    for (let i = 0; i < Number(values.runs); i++) {
      let t0 = performance.now();
      result = await traffic(db, filters, {
        now: end,
        prices: DEFAULT_PRICES,
        granularity: 'day',
        page: { sort: 'time', direction: 'desc', cursor: null, limit: 50 },
        timeoutMs: 600_000,
      });
      engineMs.push(performance.now() - t0);
      t0 = performance.now();
      const floor = await client.query(FLOOR, [day(from - 30 * DAY), day(from), day(to)]);
      floorMs.push(performance.now() - t0);
      const total = floor.rows.find(
        (r) => r.cur === true && r.model === null && r.key_alias === null && r.date === null,
      );
      floorRequests = Number(total?.requests ?? 0);
    }
  } finally {
    await drop().catch(() => undefined);
    await client.end();
    await db.close();
    await bench.stop();
  }
  if (!result || result.basis !== 'daily' || result.summary.requests !== floorRequests)
    throw new Error(
      `expected the daily tables' answer: basis ${result?.basis}, requests ${result?.summary.requests} vs the floor's ${floorRequests}`,
    );
  const said = result.notes.find((n) => /daily tables/.test(n)) ?? '';
  const engine = median(engineMs);
  const floor = median(floorMs);
  const body = `## Long ranges: 30 days from LiteLLM's daily tables (\`npm run bench\`)

The ${Number(values.rows).toLocaleString('en-US')}-row database of scripts/bench-db.ts, whose SpendLogs hold 7 days (as after
LiteLLM's retention job), with LiteLLM_DailyUserSpend and LiteLLM_DailyTeamSpend for 60 days (${dailyRows.toLocaleString('en-US')} user rows, one
owner a key: the held week as LiteLLM's daily update writes it, and that week again for the pruned weeks before). Traffic for
${day(from)} – ${day(to - DAY)} (30 days, and the 30 before for the change): the engine finds SpendLogs does not hold the
range and answers from the daily tables (basis \`${result.basis}\`, "${result.basisLabel}"), with the note: "${said}"
The floor is hand-written SQL over the same daily table for the same figures (totals, model, key alias, day; both
periods; one GROUPING SETS pass), same server, same run, alternating. ${result.summary.requests.toLocaleString('en-US')} requests in the range.
The engine's extra time over the floor is its checks (schema, which daily tables exist, whether SpendLogs holds the
range), the team table and the failed attempts it still reads from ErrorLogs; compare the 7 days read from SpendLogs
in the traffic section above (seconds).
${load}

| Measure | ms | vs floor |
|---|---|---|
| Floor (hand-written SQL over LiteLLM_DailyUserSpend), median of ${values.runs} | **${fmt(floor)}** | 1.00× |
| Engine (\`traffic()\` with the range's basis chosen: schema and daily checks, both daily tables, failed attempts from ErrorLogs), median of ${values.runs} | **${fmt(engine)}** | ${ratio(engine, floor)} |
| Runs, engine | ${engineMs.map(fmt).join(', ')} | |
| Runs, floor | ${floorMs.map(fmt).join(', ')} | |
| Whole benchmark (database ${bench.cached ? 'from cache' : 'generated'}, daily tables filled and dropped), s | ${((Date.now() - started) / 1000).toFixed(1)} | |
`;
  await writeBenchSection(values.out!, 'daily', body);
  process.stdout.write(body);
}

await main();
