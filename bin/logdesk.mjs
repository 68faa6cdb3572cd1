#!/usr/bin/env node
// Runs the bundled CLI (out/cli, built by `npm ci` / `npm run build`) when it is up to date with the
// sources, else the TypeScript sources through tsx (a change being developed, a bundle never built,
// or LOGDESK_FROM_SOURCE=1).
import process from 'node:process';
import { URL } from 'node:url';
import { currentBundle } from './bundle-current.mjs';

const bundle = currentBundle('logdesk.mjs');
let main;
if (bundle) {
  ({ main } = await import(bundle.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../electron/cli/main.ts', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
