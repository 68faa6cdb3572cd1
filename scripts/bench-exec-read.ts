/**
 * A full read of every matching error at 7 d (forEachErrorPage) direct and through psql over exec,
 * alternately, medians of `--runs`. `--before DIR` adds the exec transport of another source tree
 * (e.g. `git archive` of an older commit with node_modules linked) to compare two versions in one run.
 * `--cache DIR` is the bench database folder (default the bench's cache). Not part of `npm run bench`:
 * bench-scale measures the same reads; this is the quick loop for working on the exec path.
 *
 *   node --import tsx scripts/bench-exec-read.ts --cache /tmp/mine-bench [--before /tmp/old-tree] [--only exec]
 */
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Filters } from '../shared/filters.ts';
import type { Database } from '../electron/engine/db/database.ts';
import { forEachErrorPage } from '../electron/engine/sources/litellm/error-pages.ts';
import { resolveQuery } from '../electron/engine/query/resolve-query.ts';
import type { ExecDatabase as ExecDatabaseType } from '../electron/engine/transports/exec/exec-database.ts';
import { startBenchServer } from './bench-db.ts';
import { openTransports } from './bench-transports.ts';
import { fmt, median } from './bench-file.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    cache: { type: 'string', default: join(tmpdir(), 'logdesk-bench-cache') },
    before: { type: 'string' },
    only: { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(values.runs) || 3);

const bench = await startBenchServer({}, resolve(values.cache));
const transports = await openTransports(bench.server, bench.database);
const END = bench.options.end;
const iso = (ms: number) => new Date(ms).toISOString();
const query = resolveQuery(
  Filters.parse({ timeRange: { kind: 'absolute', from: iso(END - 7 * 86_400_000), to: iso(END) } }),
  END,
);

const paths: [string, Database][] = [];
if (!values.only || values.only === 'direct') paths.push(['direct', transports.direct]);
if (values.before) {
  const mod = (await import(
    join(resolve(values.before), 'electron/engine/transports/exec/exec-database.ts')
  )) as {
    ExecDatabase: typeof ExecDatabaseType;
  };
  // The same settings and stand-in as the current exec transport, only the code differs.
  const current = transports.exec as unknown as {
    options: ConstructorParameters<typeof ExecDatabaseType>[0];
  };
  paths.push(['exec (before)', new mod.ExecDatabase(current.options)]);
}
if (!values.only || values.only === 'exec') paths.push(['exec', transports.exec]);

const times = new Map<string, number[]>(paths.map(([name]) => [name, []]));
try {
  process.stderr.write(
    `load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}\n`,
  );
  let expected: number | null = null;
  for (let run = 0; run < RUNS; run++) {
    for (const [name, db] of paths) {
      const t = performance.now();
      const seen = await forEachErrorPage(db, query, () => undefined, { timeoutMs: 600_000 });
      const ms = performance.now() - t;
      expected ??= seen;
      if (seen !== expected) throw new Error(`${name} read ${seen} errors, expected ${expected}`);
      times.get(name)!.push(ms);
      process.stderr.write(`run ${run + 1} ${name}: ${fmt(ms)} ms (${seen} errors)\n`);
    }
  }
  const base = times.has('direct') ? median(times.get('direct')!) : null;
  console.log(
    `load average at the end ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}; ${expected} errors; medians of ${RUNS}`,
  );
  for (const [name, xs] of times) {
    const m = median(xs);
    console.log(
      `${name.padEnd(14)} ${fmt(m).padStart(7)} ms${base ? `  ${(m / base).toFixed(2)}× direct` : ''}  [${xs.map(fmt).join(', ')}]`,
    );
  }
} finally {
  await transports.close();
  await bench.stop();
}
