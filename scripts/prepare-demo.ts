// Prepares the demo's snapshot in out/demo at `npm ci` and `npm run build`, so the first
// `logdesk investigate --demo` or web page opens it (about 1 s) instead of generating the week
// (PGlite's initdb and the load take 15-25 s). Its views move the week to "now" at every open.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';
import { demoSnapshotName, prepareDemoSnapshot } from '../electron/engine/demo/demo-database.ts';

const root = resolve(import.meta.dirname, '..');
const dir = join(root, 'out/demo');
const started = performance.now();
try {
  // Snapshots of an older scenario or layout are never read again.
  for (const name of readdirSync(dir))
    if (name !== demoSnapshotName()) rmSync(join(dir, name), { force: true });
} catch {
  // no folder yet
}
try {
  const path = await prepareDemoSnapshot(dir, Date.now());
  process.stdout.write(
    `prepare-demo: ${relative(root, path)} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
  );
} catch (err) {
  // The demo still works without it, only its first open generates the week.
  process.stderr.write(
    `prepare-demo: no demo snapshot prepared (${err instanceof Error ? err.message : String(err)}); the first demo run will make one\n`,
  );
}
