#!/usr/bin/env node
// Bundles the CLI's TypeScript into out/cli/logdesk.mjs, so `logdesk` starts without compiling at
// every run (tsx costs about a second). Packages stay external: node_modules resolves them as usual,
// which keeps native and optional parts (pg-native, cpu-features, ssh2, PGlite's wasm files) loading
// from their own folders. bin/logdesk.mjs runs the sources instead when this bundle is missing or stale.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';

const root = resolve(import.meta.dirname, '..');
// Two folders deep, like electron/cli/: code that finds the repository from its own file keeps working.
const outDir = join(root, 'out/cli');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // Installed without esbuild (it comes with tsx): the CLI runs from source, only slower to start.
  process.stderr.write('build-cli: esbuild is not installed; logdesk will run from the TypeScript sources\n');
  process.exit(0);
}

// Built beside, then swapped in whole: a CLI started meanwhile sees the old bundle or the new one.
const temp = join(root, `out/.cli-${process.pid}`);
rmSync(temp, { recursive: true, force: true });
const result = await esbuild.build({
  // The engine host too (plain Node, never Electron): the tests' engine processes start from it,
  // not through tsx (~2.5 CPU-s of compiling each; test-support/engine-host-process.ts).
  entryPoints: {
    logdesk: join(root, 'electron/cli/main.ts'),
    'engine-host': join(root, 'electron/engine-host.ts'),
  },
  outdir: temp,
  outExtension: { '.js': '.mjs' },
  // Commands load the engine and its drivers on demand (dynamic imports): help needs none of them.
  splitting: true,
  chunkNames: '[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});
// The sources it was made from: bin/logdesk.mjs falls back to them when one is newer than the bundle.
const inputs = Object.keys(result.metafile.inputs)
  .map((input) => relative(root, resolve(process.cwd(), input)))
  .filter((input) => !input.startsWith('node_modules'));
writeFileSync(join(temp, 'inputs.json'), `${JSON.stringify({ inputs }, null, 1)}\n`);
mkdirSync(dirname(outDir), { recursive: true });
rmSync(outDir, { recursive: true, force: true });
renameSync(temp, outDir);
process.stdout.write(
  `build-cli: ${relative(root, join(outDir, 'logdesk.mjs'))} from ${inputs.length} sources\n`,
);
