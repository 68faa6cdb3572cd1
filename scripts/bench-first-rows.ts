/**
 * Time to first rows at 24 h on the bench database (scripts/bench-db.ts): the investigation job's
 * `onFirstRows` (the newest 100, before the aggregate) and its total, next to the whole investigation
 * without first rows, alternating in one run, medians of `--runs` (default 5). Also with a key +
 * model filter (where the first-rows statement walks far and its short timeout may end it).
 * `node --import tsx scripts/bench-first-rows.ts --cache <a copy of the bench cache folder>`
 */
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Filters, type FiltersInput } from '../shared/filters.ts';
import { investigate } from '../electron/engine/sources/litellm/investigate.ts';
import { parsePostgresUrl } from '../shared/source-url.ts';
import { PgDatabase } from '../electron/engine/db/pg-database.ts';
import { startBenchServer } from './bench-db.ts';
import { fmt, median } from './bench-file.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    cache: { type: 'string', default: join(tmpdir(), 'logdesk-bench-cache') },
  },
});
const RUNS = Math.max(3, Number(values.runs) || 5);

const load0 = loadavg()[0]!;
const bench = await startBenchServer({}, values.cache);
const db = new PgDatabase({ target: parsePostgresUrl(bench.url).target });
const END = bench.options.end;
const filters = (extra: Partial<FiltersInput> = {}) =>
  Filters.parse({
    timeRange: {
      kind: 'absolute',
      from: new Date(END - 86_400_000).toISOString(),
      to: new Date(END).toISOString(),
    },
    limit: 100,
    ...extra,
  });

interface Sample {
  whole: number;
  firstRows: number | null;
  total: number;
}

async function sample(extra: Partial<FiltersInput>): Promise<Sample> {
  let t = performance.now();
  await investigate(db, filters(extra), { now: END, timeoutMs: 600_000 });
  const whole = performance.now() - t;
  let firstRows: number | null = null;
  t = performance.now();
  await investigate(db, filters(extra), {
    now: END,
    timeoutMs: 600_000,
    onFirstRows: () => (firstRows = performance.now() - t),
  });
  return { whole, firstRows, total: performance.now() - t };
}

try {
  await investigate(db, filters(), { now: END, timeoutMs: 600_000 }); // warm
  const lines: string[] = [];
  const cases: [string, Partial<FiltersInput>][] = [
    ['24 h', {}],
    ['24 h, key + model filter', { keyAliases: ['support-bot'], models: ['gpt-4o'] }],
  ];
  for (const [label, extra] of cases) {
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await sample(extra));
    const firsts = samples.map((s) => s.firstRows).filter((x): x is number => x !== null);
    lines.push(
      `| ${label} | ${fmt(median(samples.map((s) => s.whole)))} | ${firsts.length ? fmt(median(firsts)) : 'none'} (${firsts.length}/${RUNS}) | ${fmt(median(samples.map((s) => s.total)))} |`,
    );
  }
  console.log(
    `First rows (newest 100) at 24 h, medians of ${RUNS}, load average ${load0.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`,
  );
  console.log(
    '| Investigation | whole, without first rows, ms | to the first rows event, ms | to the total (with first rows), ms |',
  );
  console.log('|---|---|---|---|');
  for (const line of lines) console.log(line);
} finally {
  await db.close();
  await bench.stop();
}
