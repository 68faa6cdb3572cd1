#!/usr/bin/env node
// Keeps npm's hidden lockfile (node_modules/.package-lock.json) current after `npm ci`. npm trusts it
// only while no folder in node_modules is newer than it; vite and vitest create node_modules/.vite
// and node_modules/.vite-temp on their first run, which makes node_modules itself newer. From then
// on every `npx logdesk` re-read the whole tree (seconds) and said "shrinkwrap failed to load
// node_modules/.package-lock.json". Made here once, before the lockfile's time, they never change it.
import { existsSync, mkdirSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';

const modules = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'node_modules'));
const lockfile = join(modules, '.package-lock.json');
if (existsSync(lockfile)) {
  // Tool caches only: npm skips dot-folders when it compares the packages with the lockfile.
  for (const cache of ['.vite', '.vite-temp', '.cache']) mkdirSync(join(modules, cache), { recursive: true });
  const now = new Date();
  utimesSync(lockfile, now, now);
}
