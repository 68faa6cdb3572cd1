/**
 * Demo first result and CLI start (issue #23), each in its own process, medians of `--runs`:
 * `logdesk investigate --demo --since 7d --json` cold (a fresh cache folder: the snapshot npm ci
 * prepared in out/demo) and warm (its cache kept), `node bin/logdesk.mjs --help` and
 * `npx logdesk --help`. Needs the bundle and the snapshot (`npm run build`). Writes BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineLine, median, writeBenchSection } from './bench-file.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, out: { type: 'string', default: 'BENCHMARKS.md' } },
});
const runs = Number(values.runs);
const load = loadavg()[0];

/** Wall seconds of one run; fails loudly on a non-zero exit (a broken run is no measurement). */
function seconds(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 2 ** 20,
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return (performance.now() - started) / 1000;
}

const investigate = ['bin/logdesk.mjs', 'investigate', '--demo', '--since', '7d', '--json'];
const fresh = () => ({
  LOGDESK_HOME: mkdtempSync(join(tmpdir(), 'logdesk-bench-home-')),
  LOGDESK_CACHE_DIR: mkdtempSync(join(tmpdir(), 'logdesk-bench-cache-')),
});
const cold: number[] = [];
const warm: number[] = [];
const help: number[] = [];
const npxHelp: number[] = [];
const kept = fresh();
seconds(process.execPath, investigate, kept);
for (let i = 0; i < runs; i++) {
  cold.push(seconds(process.execPath, investigate, fresh()));
  warm.push(seconds(process.execPath, investigate, kept));
  help.push(seconds(process.execPath, ['bin/logdesk.mjs', '--help']));
  npxHelp.push(seconds('npx', ['logdesk', '--help']));
}
const row = (what: string, xs: number[]) =>
  `| ${what} | ${median(xs).toFixed(2)} s | ${xs.map((x) => x.toFixed(2)).join(', ')} |`;
const body = `## Demo first result and CLI start

${machineLine(load)} Medians of ${runs}; each run its own process.

| run | median | runs |
| --- | --- | --- |
${row('`investigate --demo --since 7d`, cold (empty cache: the snapshot prepared in out/demo)', cold)}
${row('`investigate --demo --since 7d`, warm', warm)}
${row('`node bin/logdesk.mjs --help`', help)}
${row('`npx logdesk --help`', npxHelp)}
`;
console.log(await writeBenchSection(values.out, 'demo', body));
