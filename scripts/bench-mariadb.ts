/**
 * MariaDB at scale (issue #23): `logdesk investigate --json` and `logdesk usage --json` in their own
 * processes on an `llm_tracker_usage` table (Django's llm_tracker `Usage` model as it creates it on
 * MySQL/MariaDB) in a throwaway MariaDB, against the `mariadb` client running hand-written SQL for the
 * same figures, in the same run. `--rows N` (default 1,000,000), `--runs N` (floors: median of N,
 * default 3), `--before DIR` (an earlier build's out/cli copy, run in the same run), `--out FILE`.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { fmt, machineLine, median, ratio, writeBenchSection } from './bench-file.ts';
import { runCliJson } from './bench-cli-run.ts';
import { destroyMariaDb, startMariaDb } from '../electron/test-support/mariadb-server.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    before: { type: 'string' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
  },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
const load = loadavg()[0];
const FROM = '2026-11-01 00:00:00';
const TO = '2026-12-01 00:00:00';

const server = await startMariaDb();
try {
  await server.createDatabase('bench', 'bench', 'bench-password');
  // The rows of scripts/bench-sqlite.ts: one call every 2 s from Nov 1 over 7 models and 50 users,
  // one in 20 failed with its error text; created_at indexed as Django's db_index does.
  const started = Date.now();
  await server.exec(
    `CREATE TABLE llm_tracker_usage (id char(32) NOT NULL PRIMARY KEY, user_id varchar(64), model varchar(100),
       prompt_tokens integer, completion_tokens integer, total_tokens integer, cached_tokens integer, reasoning_tokens integer,
       success bool NOT NULL, error longtext, metadata json, created_at datetime(6) NOT NULL);
     INSERT INTO llm_tracker_usage
     SELECT lpad(hex(seq), 32, '0'), concat('user', seq % 50), concat('model-', seq % 7), seq % 1000, seq % 300, seq % 1000 + seq % 300, 0, 0,
            (seq % 20) <> 0, CASE WHEN seq % 20 = 0 THEN concat('RateLimitError: limit ', seq % 13, ' reached for request ', seq) END,
            '{"node_name":"n1"}', TIMESTAMP'2026-11-01 00:00:00' + INTERVAL (seq * 2) SECOND
       FROM seq_1_to_${rows};
     CREATE INDEX llm_tracker_usage_created_at ON llm_tracker_usage(created_at);
     ANALYZE TABLE llm_tracker_usage;`,
    [],
    'bench',
  );
  const generatedS = (Date.now() - started) / 1000;

  const range = `created_at >= '${FROM}' AND created_at < '${TO}'`;
  const FLOOR_ERRORS = `SELECT count(*) FROM llm_tracker_usage WHERE ${range} AND success = 0;
SELECT model, count(*) FROM llm_tracker_usage WHERE ${range} AND success = 0 GROUP BY model ORDER BY 2 DESC;
SELECT user_id, count(*) FROM llm_tracker_usage WHERE ${range} AND success = 0 GROUP BY user_id ORDER BY 2 DESC;
SELECT left(created_at, 13), count(*) FROM llm_tracker_usage WHERE ${range} AND success = 0 GROUP BY 1;
SELECT id, created_at, model, user_id, error FROM llm_tracker_usage WHERE ${range} AND success = 0 ORDER BY created_at DESC LIMIT 100;`;
  const FLOOR_USAGE = `SELECT count(*), sum(success = 0), sum(prompt_tokens), sum(completion_tokens), sum(total_tokens) FROM llm_tracker_usage WHERE ${range};
SELECT model, count(*), sum(success = 0), sum(total_tokens) FROM llm_tracker_usage WHERE ${range} GROUP BY model;
SELECT user_id, count(*), sum(success = 0), sum(total_tokens) FROM llm_tracker_usage WHERE ${range} GROUP BY user_id;
SELECT left(created_at, 13), count(*), sum(success = 0), sum(total_tokens) FROM llm_tracker_usage WHERE ${range} GROUP BY 1;
SELECT id, created_at, model, user_id FROM llm_tracker_usage WHERE ${range} ORDER BY created_at DESC LIMIT 50;`;

  /** What a person at the mariadb prompt would type, in its own client process: median of `runs`. */
  const floor = (sql: string) => {
    const ms: number[] = [];
    let first = '';
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      first = execFileSync('mariadb', [`--socket=${server.socket}`, '-uroot', '-N', '-B', 'bench'], {
        input: sql,
        encoding: 'utf8',
        maxBuffer: 64 * 2 ** 20,
      }).split('\n')[0]!;
      ms.push(performance.now() - t0);
    }
    return { ms: median(ms), first };
  };
  const cli = (command: 'investigate' | 'usage', bundleDir?: string) =>
    runCliJson(
      process.execPath,
      [
        command,
        '--url',
        `mysql://bench@127.0.0.1:${server.port}/bench`,
        '--table',
        'llm_tracker_usage',
        '--from',
        `${FROM.replace(' ', 'T')}Z`,
        '--to',
        `${TO.replace(' ', 'T')}Z`,
        '--json',
        '--timeout',
        '900',
        ...(command === 'investigate' ? ['--limit', '100'] : []),
      ],
      { bundleDir, env: { MYSQL_PWD: 'bench-password' } },
    );

  const floorErrors = floor(FLOOR_ERRORS);
  const floorUsage = floor(FLOOR_USAGE);
  const inv = cli('investigate');
  const usage = cli('usage');
  const failed = Number(floorErrors.first);
  const summary = usage.doc.summary as { requests: number; failed: number };
  if (
    inv.doc.total !== failed ||
    summary.failed !== failed ||
    summary.requests !== Number(floorUsage.first.split('\t')[0])
  )
    throw new Error(
      `figures differ: floor ${floorErrors.first} / ${floorUsage.first}, investigate ${String(inv.doc.total)}, usage ${JSON.stringify(summary)}`,
    );
  let beforeLines = '';
  if (values.before) {
    const invBefore = cli('investigate', values.before);
    const usageBefore = cli('usage', values.before);
    const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      JSON.stringify({ ...a, timings: null }) === JSON.stringify({ ...b, timings: null });
    if (!same(usage.doc, usageBefore.doc) || !same(inv.doc, invBefore.doc))
      throw new Error(`the build in ${values.before} gives other figures than this checkout`);
    const before = (doc: { timings: Record<string, number> }, key: string, of: number) =>
      `${fmt(doc.timings[key]!)} | ${ratio(doc.timings[key]!, of)}`;
    beforeLines = `| Before (\`${values.before}\`, same run, identical JSON): \`investigate\` investigation | ${before(invBefore.doc, 'investigateMs', floorErrors.ms)} |
| Before: \`investigate\` patterns + spikes | ${before(invBefore.doc, 'insightsMs', floorErrors.ms)} |
| Before: \`usage\` query | ${before(usageBefore.doc, 'queryMs', floorUsage.ms)} |
`;
  }
  const invMs = inv.doc.timings.investigateMs!;
  const patternsMs = inv.doc.timings.insightsMs!;
  const usageMs = usage.doc.timings.queryMs!;
  const peak = Math.max(inv.maxRssMiB, usage.maxRssMiB);
  const target = (ok: boolean, text: string) => `- ${ok ? 'met' : '**missed**'}: ${text}`;
  const version = String(((await server.exec('SELECT version() AS v')) as { v: string }[])[0]!.v);
  const body = `## MariaDB at scale (\`node --import tsx scripts/bench-mariadb.ts\`)

An \`llm_tracker_usage\` table of ${rows.toLocaleString('en-US')} rows (${failed.toLocaleString('en-US')} failed, \`created_at\` indexed; the rows of
the SQLite bench) in a throwaway MariaDB ${version} (the test servers' settings: 32 MiB buffer pool), generated
by SQL in ${generatedS.toFixed(1)} s. The CLI over TCP, each command in its own process, its own timings from the
JSON document. Floors: the \`mariadb\` client with hand-written SQL for the same figures (totals, by model, by
user, hourly series, newest rows), median of ${runs}, same run. ${machineLine(load)}

| Measure | ms | vs floor |
|---|---|---|
| Floor, errors (failed total, by model, by user, hourly, newest 100) | **${fmt(floorErrors.ms)}** | 1.00× |
| Floor, usage (requests/failed/tokens total, by model, by user, hourly, newest 50) | **${fmt(floorUsage.ms)}** | 1.00× |
| \`investigate\`: investigation | ${fmt(invMs)} | ${ratio(invMs, floorErrors.ms)} |
| \`investigate\`: patterns + spikes | ${fmt(patternsMs)} | ${ratio(patternsMs, floorErrors.ms)} |
| \`usage\`: query | ${fmt(usageMs)} | ${ratio(usageMs, floorUsage.ms)} |
| CLI peak RSS, investigate / usage, MiB | ${fmt(inv.maxRssMiB)} / ${fmt(usage.maxRssMiB)} | |
${beforeLines}
${target(invMs <= 2 * floorErrors.ms, `investigation ≤ 2× floor: ${ratio(invMs, floorErrors.ms)}`)}
${target(usageMs <= 2 * floorUsage.ms, `usage ≤ 2× floor: ${ratio(usageMs, floorUsage.ms)}`)}
${target(peak <= 300, `CLI ≤ 300 MiB RSS: ${fmt(peak)} MiB`)}
`;
  console.log(await writeBenchSection(values.out!, 'mariadb', body));
} finally {
  await server.stop();
  await destroyMariaDb(server);
}
