/**
 * The bench's web-mode memory figure (scripts/bench-scale.ts, part 7), also runnable alone:
 * `node --import tsx scripts/bench-web-memory.ts <database url> <from> <to> [runs]`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureRendererBuild } from '../electron/web/renderer-build.ts';

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Web mode as people run it: `node bin/logdesk.mjs web`, i.e. the bundled CLI (rebuilt here first, so
 * the bundle is current and is what runs) with the UI built beforehand (a stale UI is built inside the
 * web process, which is not the steady state being measured). Ten large investigations through
 * /api/call, then the process's resident and peak memory.
 */
export async function webMemory(url: string, range: { from: string; to: string }, runs: number) {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`build-cli failed: ${built.stderr}`);
  await ensureRendererBuild(ROOT);
  const child = spawn(process.execPath, [join(ROOT, 'bin/logdesk.mjs'), 'web'], {
    cwd: ROOT,
    env: { ...process.env, LOGDESK_HOME: join(tmpdir(), 'logdesk-bench-home'), LOGDESK_FROM_SOURCE: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const res = await fetch(`${origin}/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          name: 'investigation.run',
          args: {
            source: { kind: 'url', url },
            filters: { timeRange: { kind: 'absolute', ...range }, limit: 100_000 },
          },
        }),
      });
      const body = (await res.json()) as { result?: { errors: unknown[] }; error?: { message: string } };
      if (!body.result) throw new Error(`web mode: ${body.error?.message ?? res.status}`);
      rows = body.result.errors.length;
    }
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { runs, rows, rssKb: kb('VmRSS'), peakKb: kb('VmHWM') };
  } finally {
    child.kill('SIGTERM');
  }
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const [url, from, to, runs] = process.argv.slice(2);
  if (!url || !from || !to) throw new Error('usage: bench-web-memory.ts <database url> <from> <to> [runs]');
  const web = await webMemory(url, { from, to }, Number(runs ?? 10));
  process.stdout.write(
    `${JSON.stringify({ ...web, rssMiB: Math.round(web.rssKb / 1024), peakMiB: Math.round(web.peakKb / 1024) })}\n`,
  );
}
