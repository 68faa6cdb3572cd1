/**
 * The bench's web-mode memory figure (scripts/bench-scale.ts, part 7), also runnable alone:
 * `node --import tsx scripts/bench-web-memory.ts <database url> <from> <to> [runs] [--before DIR]`
 * prints, for a web process that starts on the demo (a first start) and one that starts empty
 * (LOGDESK_FIRST_SOURCE=none), the memory after the first screen and after the investigations.
 * `--before DIR`: also an earlier build's CLI bundle (a copy of its out/cli), alternating, same run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureRendererBuild } from '../electron/web/renderer-build.ts';
import { median } from './bench-file.ts';

const ROOT = resolve(import.meta.dirname, '..');

export interface WebMemoryOptions {
  /** `demo`: the first start as users have it (the demo opens while the page loads and the page runs its last 24 h). */
  firstSource: 'demo' | 'none';
  /** An earlier build's out/cli copy, run in place of this checkout's bundle. */
  bundleDir?: string | undefined;
}

export interface WebMemory {
  firstSource: 'demo' | 'none';
  runs: number;
  rows: number;
  /** Resident after the first screen (the demo's 24 h answered, or nothing), before the investigations. */
  startRssKb: number;
  rssKb: number;
  peakKb: number;
}

/** Builds the CLI bundle and the UI once, so each process measured runs them as they are (none is built inside it). */
export async function prepareWebMemory(): Promise<void> {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`build-cli failed: ${built.stderr}`);
  await ensureRendererBuild(ROOT);
}

/**
 * A tree like this checkout with `bundleDir` as its out/cli: the bundle finds the UI and the demo
 * snapshot from its own place (two folders up).
 */
function shadowRoot(bundleDir: string): string {
  const root = mkdtempSync(join(tmpdir(), 'logdesk-bench-before-'));
  for (const entry of readdirSync(ROOT))
    if (entry !== 'out') symlinkSync(join(ROOT, entry), join(root, entry));
  mkdirSync(join(root, 'out'));
  for (const entry of readdirSync(join(ROOT, 'out')))
    symlinkSync(entry === 'cli' ? resolve(bundleDir) : join(ROOT, 'out', entry), join(root, 'out', entry));
  return root;
}

/**
 * Web mode as people run it: `node bin/logdesk.mjs web`, i.e. the bundled CLI (LOGDESK_FROM_SOURCE
 * unset: never the sources through tsx) with the UI built beforehand (prepareWebMemory). Starting on
 * the demo, the page's first query (the demo's last 24 h) runs first; then `runs` large investigations
 * through /api/call, then the process's resident and peak memory.
 */
export async function webMemory(
  url: string,
  range: { from: string; to: string },
  runs: number,
  options: WebMemoryOptions,
): Promise<WebMemory> {
  const root = options.bundleDir ? shadowRoot(options.bundleDir) : ROOT;
  const home = mkdtempSync(join(tmpdir(), 'logdesk-bench-web-home-'));
  const child = spawn(process.execPath, [join(root, 'bin/logdesk.mjs'), 'web'], {
    cwd: root,
    env: {
      ...process.env,
      LOGDESK_HOME: home,
      LOGDESK_FROM_SOURCE: '',
      LOGDESK_FIRST_SOURCE: options.firstSource,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const memoryKb = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), peakKb: kb('VmHWM') };
  };
  try {
    const pageUrl = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const printed = /running at (\S+)/.exec(out);
        if (printed) done(printed[1]!);
      });
      child.on('exit', (code) => fail(new Error(`web mode exited with ${code}`)));
    });
    const token = new URL(pageUrl).searchParams.get('token')!;
    const origin = new URL(pageUrl).origin;
    const run = async (args: unknown) => {
      const res = await fetch(`${origin}/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: 'investigation.run', args }),
      });
      const body = (await res.json()) as { result?: { errors: unknown[] }; error?: { message: string } };
      if (!body.result) throw new Error(`web mode: ${body.error?.message ?? res.status}`);
      return body.result.errors.length;
    };
    if (options.firstSource === 'demo') await run({ source: { kind: 'demo' } });
    const startRssKb = memoryKb().rssKb;
    let rows = 0;
    for (let i = 0; i < runs; i++)
      rows = await run({
        source: { kind: 'url', url },
        filters: { timeRange: { kind: 'absolute', ...range }, limit: 100_000 },
      });
    return { firstSource: options.firstSource, runs, rows, startRssKb, ...memoryKb() };
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(null)));
    rmSync(home, { recursive: true, force: true });
    if (root !== ROOT) rmSync(root, { recursive: true, force: true });
  }
}

/** `samples` processes of each kind, alternating; the median of each figure. */
export async function webMemoryMedians(
  url: string,
  range: { from: string; to: string },
  runs: number,
  samples: number,
  kinds: readonly (WebMemoryOptions & { label: string })[],
): Promise<Map<string, WebMemory>> {
  const all = new Map<string, WebMemory[]>(kinds.map((k) => [k.label, []]));
  for (let i = 0; i < samples; i++)
    for (const kind of kinds) all.get(kind.label)!.push(await webMemory(url, range, runs, kind));
  const mid = (list: WebMemory[], key: 'startRssKb' | 'rssKb' | 'peakKb') => median(list.map((m) => m[key]));
  return new Map(
    [...all].map(([label, list]) => [
      label,
      {
        ...list[0]!,
        startRssKb: mid(list, 'startRssKb'),
        rssKb: mid(list, 'rssKb'),
        peakKb: mid(list, 'peakKb'),
      },
    ]),
  );
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { before: { type: 'string' }, samples: { type: 'string', default: '1' } },
  });
  const [url, from, to, runs] = positionals;
  if (!url || !from || !to)
    throw new Error(
      'usage: bench-web-memory.ts <database url> <from> <to> [runs] [--before DIR] [--samples N]',
    );
  await prepareWebMemory();
  const kinds = [
    ...(values.before
      ? [{ label: 'before, demo at start', firstSource: 'demo' as const, bundleDir: values.before }]
      : []),
    { label: 'demo at start', firstSource: 'demo' as const },
    { label: 'empty start', firstSource: 'none' as const },
  ];
  const mib = (kb: number) => Math.round(kb / 1024);
  const medians = await webMemoryMedians(
    url,
    { from, to },
    Number(runs ?? 10),
    Number(values.samples),
    kinds,
  );
  for (const [label, m] of medians)
    process.stdout.write(
      `${JSON.stringify({ label, runs: m.runs, rows: m.rows, startRssMiB: mib(m.startRssKb), rssMiB: mib(m.rssKb), peakMiB: mib(m.peakKb) })}\n`,
    );
}
