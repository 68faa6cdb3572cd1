import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Runs an earlier build's bundle: `node RUNNER DIR/logdesk.mjs ARGS…`. A file, not `-e`: the SQLite
 * worker inherits `--input-type=module` and then has no `require`.
 */
function bundleRunner(): string {
  const runner = join(tmpdir(), 'logdesk-bench-run-bundle.mjs');
  writeFileSync(
    runner,
    'const { main } = await import(process.argv[2]);\nprocess.exitCode = await main(process.argv.slice(3));\n',
  );
  return runner;
}

export interface CliRun {
  wallMs: number;
  maxRssMiB: number;
  doc: Record<string, unknown> & { timings: Record<string, number> };
}

/**
 * One `logdesk … --json` command in its own process, as a user runs it: wall, peak RSS (GNU time) and
 * its JSON document. `bundleDir`: an earlier build's out/cli copy instead of this checkout's CLI.
 */
export function runCliJson(
  node: string,
  args: string[],
  options: { bundleDir?: string | undefined; env?: NodeJS.ProcessEnv } = {},
): CliRun {
  const entry = options.bundleDir
    ? [bundleRunner(), resolve(options.bundleDir, 'logdesk.mjs')]
    : [join(ROOT, 'bin/logdesk.mjs')];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', node, ...entry, ...args], {
    encoding: 'utf8',
    maxBuffer: 512 * 2 ** 20,
    env: { ...process.env, LOGDESK_HOME: join(tmpdir(), 'logdesk-bench-home'), ...options.env },
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`logdesk ${args[0]} failed under ${node}: ${r.stderr}`);
  return {
    wallMs,
    maxRssMiB: Number(r.stderr.trim().split('\n').at(-1)) / 1024,
    doc: JSON.parse(r.stdout) as CliRun['doc'],
  };
}
