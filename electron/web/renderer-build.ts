import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { AppError } from '../../shared/errors.ts';

/** Everything the renderer bundle is made from: a change in any of these makes the built copy stale. */
const INPUTS = [
  'renderer',
  'shared',
  'electron/web/renderer-vite-config.ts',
  'electron/web/renderer-build.ts',
  'package-lock.json',
];
const STAMP = '.logdesk-build.json';
const LOCK_STALE_MS = 180_000;

function listFiles(root: string, path: string, out: string[]): void {
  const full = join(root, path);
  if (!existsSync(full)) return;
  const st = statSync(full);
  if (st.isFile()) {
    out.push(`${path}\t${st.size}\t${Math.round(st.mtimeMs)}`);
    return;
  }
  for (const name of readdirSync(full).sort()) {
    if (name === 'node_modules' || name.endsWith('.test.ts')) continue;
    listFiles(root, join(path, name), out);
  }
}

/** A fingerprint of the renderer's sources (names, sizes, modification times). */
export function sourceFingerprint(repoRoot: string): string {
  const lines: string[] = [];
  for (const input of INPUTS) listFiles(repoRoot, input, lines);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function builtFingerprint(outDir: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(outDir, STAMP), 'utf8')) as { sources?: string }).sources ?? null;
  } catch {
    return null;
  }
}

async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      // Another process builds; a lock older than any build is left over from a crash.
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > LOCK_STALE_MS)
          rmSync(lockDir, { recursive: true, force: true });
      } catch {
        // it was just released
      }
      if (Date.now() > deadline)
        throw new AppError('INTERNAL', `Timed out waiting for the renderer build lock ${lockDir}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

export interface RendererBuild {
  dir: string;
  built: boolean;
  ms: number;
}

/**
 * Marks `dir` as built from today's sources. `npm run build` (electron-vite, the same Vite settings)
 * calls it, so the web mode serves that build instead of making a second one at its first start.
 */
export function stampRendererBuild(repoRoot: string, dir = join(repoRoot, 'out', 'renderer')): void {
  if (!existsSync(join(dir, 'index.html')))
    throw new AppError('INTERNAL', `No renderer build in ${dir} to stamp`);
  writeFileSync(
    join(dir, STAMP),
    JSON.stringify({ sources: sourceFingerprint(repoRoot), builtAt: new Date().toISOString() }),
  );
}

/**
 * Makes sure `out/renderer` holds a build of the current sources: `npm run start:web` works right
 * after `npm ci`, and after a source change, without a separate build step. Several servers starting
 * at once (tests) build once: under a lock, into a temporary folder swapped in at the end.
 */
export async function ensureRendererBuild(repoRoot: string): Promise<RendererBuild> {
  const started = Date.now();
  const outDir = join(repoRoot, 'out', 'renderer');
  const wanted = sourceFingerprint(repoRoot);
  if (builtFingerprint(outDir) === wanted && existsSync(join(outDir, 'index.html'))) {
    return { dir: outDir, built: false, ms: Date.now() - started };
  }
  mkdirSync(join(repoRoot, 'out'), { recursive: true });
  return withLock(join(repoRoot, 'out', '.renderer-build.lock'), async () => {
    if (builtFingerprint(outDir) === wanted && existsSync(join(outDir, 'index.html'))) {
      return { dir: outDir, built: false, ms: Date.now() - started };
    }
    const tmp = join(repoRoot, 'out', `renderer.tmp-${process.pid}`);
    let vite: typeof import('vite');
    let config: typeof import('./renderer-vite-config.ts');
    try {
      vite = await import('vite');
      config = await import('./renderer-vite-config.ts');
    } catch (err) {
      throw new AppError(
        'INTERNAL',
        `No renderer build in ${relative(process.cwd(), outDir) || outDir} and Vite is not installed to make one (run npm ci, then npm run build): ${(err as Error).message}`,
      );
    }
    // Production React whatever NODE_ENV the server inherited (test runners set "test"): Vite and
    // the React plugin read NODE_ENV itself, and a development build logs DevTools notices and
    // dev-only warnings into every user's console.
    const inherited = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await vite.build({
        ...config.rendererViteConfig(repoRoot, tmp),
        configFile: false,
        mode: 'production',
      });
    } finally {
      if (inherited === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = inherited;
    }
    stampRendererBuild(repoRoot, tmp);
    const old = `${outDir}.old-${process.pid}`;
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(tmp, outDir);
    rmSync(old, { recursive: true, force: true });
    return { dir: outDir, built: true, ms: Date.now() - started };
  });
}
