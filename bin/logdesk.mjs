#!/usr/bin/env node
// Runs the bundled CLI (out/cli, built by `npm ci` / `npm run build`) when it is up to date with the
// sources, else the TypeScript sources through tsx (a change being developed, a bundle never built,
// or LOGDESK_FROM_SOURCE=1).
import { readFileSync, statSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = new URL('../out/cli/logdesk.mjs', import.meta.url);

/** True when the bundle exists and none of the sources it was made from changed since. */
function bundleIsCurrent() {
  if (process.env.LOGDESK_FROM_SOURCE === '1') return false;
  try {
    const built = statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(new URL('../out/cli/inputs.json', import.meta.url), 'utf8'));
    return inputs.every((input) => statSync(root + input).mtimeMs <= built);
  } catch {
    return false; // missing bundle, missing or deleted source: the sources decide
  }
}

let main;
if (bundleIsCurrent()) {
  ({ main } = await import(bundle.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../electron/cli/main.ts', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
