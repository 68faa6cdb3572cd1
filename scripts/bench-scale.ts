/**
 * `npm run bench` (scale part): a LiteLLM database at a busy gateway's size (scripts/bench-db.ts),
 * Logdesk's investigation, first rows, patterns and spikes, full reads over every transport and peak
 * memory, each next to its references (the hand-written floor through psql, the old script's way),
 * medians of at least 3 runs, written to BENCHMARKS.md with the targets met or missed.
 * `--no-cache` regenerates the database; `--runs N` (default 3).
 */
import { spawnSync } from 'node:child_process';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Filters, type FiltersInput } from '../shared/filters.ts';
import { bucketSecondsFor, bucketStarts } from '../shared/time-range.ts';
import { computeInsights } from '../electron/engine/insights/insights.ts';
import type { Database } from '../electron/engine/db/database.ts';
import { forEachErrorPage } from '../electron/engine/sources/litellm/error-pages.ts';
import { investigate } from '../electron/engine/sources/litellm/investigate.ts';
import { LiteLLMSource } from '../electron/engine/sources/litellm/litellm-source.ts';
import type { PatternCells } from '../electron/engine/sources/call-source.ts';
import { resolveQuery } from '../electron/engine/query/resolve-query.ts';
import { fmt, machineLine, ratio, writeBenchSection } from './bench-file.ts';
import { startBenchServer } from './bench-db.ts';
import { openTransports } from './bench-transports.ts';
import { prepareWebMemory, webMemory } from './bench-web-memory.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'BENCHMARKS.md' },
    runs: { type: 'string', default: '3' },
    'no-cache': { type: 'boolean', default: false },
  },
});
const RUNS = Math.max(3, Number(values.runs) || 3);
const ROOT = resolve(import.meta.dirname, '..');
const TIMEOUT = { timeoutMs: 600_000 };

const step = (text: string) =>
  process.stderr.write(`bench: ${text} (${Math.round(performance.now() / 1000)} s)\n`);

async function median<T>(runs: number, work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[times.length >> 1]!, value };
}

const load0 = loadavg()[0]!;
const wallStart = performance.now();
const generationStart = performance.now();
const bench = await startBenchServer({}, values['no-cache'] ? null : join(tmpdir(), 'logdesk-bench-cache'));
const generationS = (performance.now() - generationStart) / 1000;
const END = bench.options.end;
const iso = (ms: number) => new Date(ms).toISOString();
const RANGE_7D = { from: iso(END - 7 * 86_400_000), to: iso(END) };
const RANGE_24H = { from: iso(END - 86_400_000), to: iso(END) };
const filtersOf = (range: { from: string; to: string }, extra: Partial<FiltersInput> = {}) =>
  Filters.parse({ timeRange: { kind: 'absolute', ...range }, ...extra });
const FILTERED = { keyAliases: ['support-bot'], models: ['gpt-4o'] };

const transports = await openTransports(bench.server, bench.database);
const { direct } = transports;
try {
  // Warm the cache as a gateway's busy database would be, once for every path measured below.
  await investigate(direct, filtersOf(RANGE_7D), { ...TIMEOUT, now: END });

  step('floor');
  // (1) the floor: the hand-written SQL through psql, as a person at a terminal would run it.
  const floor = (range: { from: string; to: string }) =>
    median(RUNS, async () => {
      const r = spawnSync(
        'psql',
        [
          '-X',
          '-q',
          '-h',
          bench.server.host,
          '-p',
          String(bench.server.port),
          '-U',
          'postgres',
          '-d',
          bench.database,
          '-v',
          'ON_ERROR_STOP=1',
          '-v',
          `from=${range.from.replace('T', ' ').replace('Z', '')}`,
          '-v',
          `to=${range.to.replace('T', ' ').replace('Z', '')}`,
          '-v',
          `bucket=${bucketSecondsFor(range)}`,
          '-f',
          join(ROOT, 'scripts/bench-floor.sql'),
          '-o',
          '/dev/null',
        ],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
    });
  const floor7d = await floor(RANGE_7D);
  const floor24h = await floor(RANGE_24H);

  step("the script's way");
  // (2) the script's way: every failed request as JSON in one json_agg, counted in Node.
  const scriptWay = await median(RUNS, () => scriptCount(bench.url, RANGE_7D, bucketSecondsFor(RANGE_7D)));

  step('investigations');
  // (3) Logdesk's investigation, unfiltered and with a key and a model.
  const inv = (
    range: { from: string; to: string },
    extra: Partial<FiltersInput> = {},
    db: Database = direct,
  ) => median(RUNS, () => investigate(db, filtersOf(range, extra), { ...TIMEOUT, now: END }));
  const inv7d = await inv(RANGE_7D);
  const inv7dFiltered = await inv(RANGE_7D, FILTERED);
  const inv24h = await inv(RANGE_24H);
  const inv24hFiltered = await inv(RANGE_24H, FILTERED);
  if (inv7d.value.total !== scriptWay.value.total)
    throw new Error(
      `investigate counted ${inv7d.value.total} errors, the script's way ${scriptWay.value.total}`,
    );

  // (4) first rows at 24 h: to the investigation's first-rows event (the newest 100, before the
  // aggregate), and to its total, in the same runs.
  const firstRuns: { first: number; total: number }[] = [];
  for (let i = 0; i < Math.max(RUNS, 5); i++) {
    const t = performance.now();
    let first = Number.NaN;
    await investigate(direct, filtersOf(RANGE_24H, { limit: 100 }), {
      ...TIMEOUT,
      now: END,
      onFirstRows: () => (first = performance.now() - t),
    });
    firstRuns.push({ first, total: performance.now() - t });
  }
  const mid = <T>(xs: T[], key: (x: T) => number) => xs.map(key).sort((a, b) => a - b)[xs.length >> 1]!;
  // NaN (no event: the statement's short timeout ended it) sorts as the slowest.
  const first24h = { ms: mid(firstRuns, (r) => (Number.isNaN(r.first) ? Infinity : r.first)) };
  const firstTotal24h = { ms: mid(firstRuns, (r) => r.total) };

  step('patterns and spikes');
  // (5) patterns and spikes at 7 d on their own (every matching error read and grouped).
  const query7d = resolveQuery(filtersOf(RANGE_7D), END);
  const insights7d = await median(RUNS, () =>
    computeInsights(new LiteLLMSource(direct), 'bench', query7d, TIMEOUT),
  );
  // (5) the whole picture as the engine runs it: the investigation's statement goes on to the rows
  // patterns group (answered from its first row), the insights group them.
  const wholeRuns: { answer: number; whole: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    let cells: Promise<PatternCells | null> | undefined;
    await investigate(direct, filtersOf(RANGE_7D), {
      ...TIMEOUT,
      now: END,
      onPatternCells: (c) => (cells = c),
    });
    const answer = performance.now() - t;
    await computeInsights(new LiteLLMSource(direct), 'bench', query7d, {
      ...TIMEOUT,
      ...(cells ? { patternCells: cells } : {}),
    });
    wholeRuns.push({ answer, whole: performance.now() - t });
  }

  step('transports');
  // (6) every transport: the investigation and a full read of every matching error.
  const fullRead = (db: Database) =>
    median(RUNS, () => forEachErrorPage(db, query7d, () => undefined, TIMEOUT));
  const perTransport: { name: string; investigation: { ms: number }; read: { ms: number; value: number } }[] =
    [];
  for (const [name, db] of [
    ['direct', direct],
    ['SSH tunnel', transports.tunnel],
    ['psql over exec', transports.exec],
  ] as const) {
    const investigation = db === direct ? inv7d : await inv(RANGE_7D, {}, db);
    const read = await fullRead(db);
    if (read.value !== inv7d.value.total)
      throw new Error(`${name}: read ${read.value} errors, expected ${inv7d.value.total}`);
    perTransport.push({ name, investigation, read });
  }

  step('memory');
  // (7) peak memory: the CLI's whole picture, and web mode after ten large investigations.
  const cli = cliRun(bench.url, RANGE_7D);
  await prepareWebMemory();
  const web = await webMemory(bench.url, RANGE_7D, 10, { firstSource: 'none' });
  const webDemo = await webMemory(bench.url, RANGE_7D, 10, { firstSource: 'demo' });
  const longBuckets = bucketStarts(
    { from: '0001-01-01T00:00:00.000Z', to: '9999-12-31T00:00:00.000Z' },
    bucketSecondsFor({ from: '0001-01-01T00:00:00.000Z', to: '9999-12-31T00:00:00.000Z' }),
  ).length;

  const whole7d = mid(wholeRuns, (r) => r.whole);
  const wholeAnswer7d = mid(wholeRuns, (r) => r.answer);
  const directRead = perTransport[0]!.read.ms;
  const execRead = perTransport[2]!.read.ms;
  const target = (ok: boolean, text: string) => `| ${text} | ${ok ? '**met**' : '**missed**'} |`;
  const errors7d = inv7d.value.total;
  const rows = (label: string, ms: number, ref: number, refName: string) =>
    `| ${label} | ${fmt(ms)} | ${ratio(ms, ref)} ${refName} |`;
  const section = `## A gateway's real size (\`npm run bench\`)

${fmt(bench.options.spendLogs)} LiteLLM_SpendLogs rows over ${bench.options.days} days generated in SQL (scripts/bench-db.ts):
${fmt(errors7d)} failed requests at 7 d (SpendLogs; ErrorLogs rows are failed attempts, not counted in them) (${(bench.options.failureRate * 100).toFixed(0)}% failed calls, ${(bench.options.twinRate * 100).toFixed(0)}% of them with an ErrorLogs twin, ErrorLogs-only
rejections, metadata with error_information and traceback, messages JSON; ErrorLogs without a "startTime"
index, as LiteLLM ships it). Database ${bench.cached ? 'reused from the cache' : `generated in ${generationS.toFixed(0)} s`}.
Medians of ${RUNS} runs (first rows: ${Math.max(RUNS, 5)}), warm cache, all in one run.
${machineLine(load0)}

| Measure | ms | Ratio |
|---|---|---|
| (1) Floor: hand-written SQL through psql (scripts/bench-floor.sql), 7 d | **${fmt(floor7d.ms)}** | 1.00× |
| (1) Floor, 24 h | ${fmt(floor24h.ms)} | 1.00× |
| (2) Script's way: json_agg of every failed request, counted in Node, 7 d | ${fmt(scriptWay.ms)} | ${ratio(scriptWay.ms, floor7d.ms)} floor |
${rows('(3) Investigation 7 d', inv7d.ms, floor7d.ms, 'floor 7 d')}
${rows('(3) Investigation 7 d, key + model filter', inv7dFiltered.ms, floor7d.ms, 'floor 7 d')}
${rows('(3) Investigation 24 h', inv24h.ms, floor24h.ms, 'floor 24 h')}
${rows('(3) Investigation 24 h, key + model filter', inv24hFiltered.ms, floor24h.ms, 'floor 24 h')}
${rows('(4) First rows at 24 h (the newest 100, to their event)', first24h.ms, floor24h.ms, 'floor 24 h')}
${rows('(4) Total at 24 h, after the first rows (same runs)', firstTotal24h.ms, floor24h.ms, 'floor 24 h')}
${rows('(5) Patterns + spikes on their own (reading the errors again), 7 d', insights7d.ms, floor7d.ms, 'floor 7 d')}
${rows('(5) Investigation + patterns + spikes read apart (the sum of (3) and the row above), 7 d', inv7d.ms + insights7d.ms, floor7d.ms, 'floor 7 d')}
${rows("(5) Investigation reading the patterns' rows too, to its answer, 7 d", wholeAnswer7d, floor7d.ms, 'floor 7 d')}
${rows('Whole picture (investigation + patterns + spikes, one error set), 7 d', whole7d, floor7d.ms, 'floor 7 d')}
| Script's way ÷ investigation, 7 d | | ${ratio(scriptWay.ms, inv7d.ms)} faster |
${perTransport.map((t) => `| (6) Investigation 7 d, ${t.name} | ${fmt(t.investigation.ms)} | ${ratio(t.investigation.ms, perTransport[0]!.investigation.ms)} direct |`).join('\n')}
${perTransport.map((t) => `| (6) Full read of ${fmt(t.read.value)} errors, ${t.name} | ${fmt(t.read.ms)} | ${ratio(t.read.ms, directRead)} direct (${fmt(t.read.value / (t.read.ms / 1000))} errors/s) |`).join('\n')}
| (7) CLI \`investigate --json\` 7 d (whole picture, own process), wall | ${fmt(cli.ms)} | ${ratio(cli.ms, floor7d.ms)} floor 7 d |
| (7) CLI peak memory (max RSS), MiB | ${fmt(cli.maxRssKb / 1024)} | |
| (7) Web mode (\`logdesk web\`, built CLI, empty start) after ${web.runs} investigations of ${fmt(web.rows)} rows each (limit 100,000), RSS / peak, MiB | ${fmt(web.rssKb / 1024)} / ${fmt(web.peakKb / 1024)} | |
| (7) Web mode, first start (the demo opens, the page runs its 24 h; RSS then ${fmt(webDemo.startRssKb / 1024)}), after the same investigations, RSS / peak, MiB | ${fmt(webDemo.rssKb / 1024)} / ${fmt(webDemo.peakKb / 1024)} | |
| Timeline buckets for 0001-01-01 – 9999-12-31 | ${fmt(longBuckets)} | |
| Whole scale benchmark (generation included), s | ${fmt((performance.now() - wallStart) / 1000)} | |

Targets (ratios from this run):

| Target | |
|---|---|
${target(inv7d.ms <= 1.5 * floor7d.ms, `Investigation ≤ 1.5× floor at 7 d: ${ratio(inv7d.ms, floor7d.ms)}`)}
${target(whole7d <= 2.5 * floor7d.ms, `Whole picture ≤ 2.5× floor at 7 d (issue 23): ${ratio(whole7d, floor7d.ms)}`)}
${target(scriptWay.ms >= 5 * inv7d.ms, `≥ 5× faster than the script's way: ${ratio(scriptWay.ms, inv7d.ms)}`)}
${target(first24h.ms <= 300, `First rows at 24 h ≤ 300 ms: ${fmt(first24h.ms)} ms`)}
${target(execRead <= 2 * directRead, `Full read over exec ≤ 2× direct: ${ratio(execRead, directRead)}`)}
${target(web.peakKb / 1024 <= 500, `Web mode ≤ 500 MB after ${web.runs} large investigations (empty start): ${fmt(web.peakKb / 1024)} MiB peak`)}
${target(webDemo.peakKb / 1024 <= 500, `The same after a first start on the demo: ${fmt(webDemo.peakKb / 1024)} MiB peak`)}
${target(longBuckets <= 5_000, `At most a few thousand timeline buckets for any range: ${fmt(longBuckets)}`)}`;
  console.log(await writeBenchSection(values.out!, 'scale', section));
} finally {
  await transports.close();
  await bench.stop();
}

/**
 * The script's way: every failed request as JSON in one json_agg, counted client-side. Failed requests
 * are SpendLogs rows (DESIGN §2, issue 19): ErrorLogs holds failed attempts under random ids, so the old
 * script's merge of both tables by request_id counted every failure twice and is not the reference.
 */
async function scriptCount(url: string, range: { from: string; to: string }, bucketSeconds: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const lo = range.from.replace('T', ' ').replace('Z', '');
    const hi = range.to.replace('T', ' ').replace('Z', '');
    const [spend] = (
      await client.query(
        `SELECT json_agg(s) AS rows FROM (SELECT * FROM "LiteLLM_SpendLogs"
        WHERE "startTime" >= $1 AND "startTime" < $2 AND COALESCE(NULLIF(status, ''), metadata->>'status') <> 'success') s`,
        [lo, hi],
      )
    ).rows as { rows: Record<string, unknown>[] | null }[];
    const merged = new Map<string, { t: string; model: string; type: string; key: string | null }>();
    for (const s of spend?.rows ?? []) {
      const meta = (s.metadata ?? {}) as {
        user_api_key_alias?: string;
        error_information?: { error_class?: string };
      };
      merged.set(String(s.request_id), {
        t: String(s.startTime),
        model: String(s.model_group || s.model || '(unknown)'),
        type: meta.error_information?.error_class ?? 'Unknown',
        key: meta.user_api_key_alias ?? null,
      });
    }
    const count = (pick: (r: { t: string; model: string; type: string; key: string | null }) => string) => {
      const out = new Map<string, number>();
      for (const r of merged.values()) out.set(pick(r), (out.get(pick(r)) ?? 0) + 1);
      return out;
    };
    count((r) => r.model);
    count((r) => r.type);
    count((r) => String(r.key));
    count((r) => `${Math.floor(Date.parse(`${r.t}Z`) / 1000 / bucketSeconds)}|${r.model}`);
    return { total: merged.size };
  } finally {
    await client.end();
  }
}

/** `logdesk investigate --json` in its own process, as a user runs it: wall time and max RSS. */
function cliRun(url: string, range: { from: string; to: string }) {
  const started = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%M',
      process.execPath,
      join(ROOT, 'bin/logdesk.mjs'),
      'investigate',
      '--url',
      url,
      '--from',
      range.from,
      '--to',
      range.to,
      '--json',
    ],
    {
      encoding: 'utf8',
      maxBuffer: 512 * 2 ** 20,
      env: { ...process.env, LOGDESK_HOME: join(tmpdir(), 'logdesk-bench-home') },
    },
  );
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`logdesk investigate failed: ${r.stderr}`);
  const maxRssKb = Number(r.stderr.trim().split('\n').at(-1));
  return { ms, maxRssKb };
}
