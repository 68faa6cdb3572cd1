#!/usr/bin/env node
// Links node_modules/.bin/logdesk to bin/logdesk.mjs (run by `prepare`, so after every npm ci / npm install).
// Why not package.json's "bin": npm 11's `npm exec` (libnpmexec) looks for the command in the local
// package's own "bin" first, and when it finds it there it installs the package into its npx cache
// through arborist (reading the whole tree, seconds; its first time even runs `prepare`) before it
// runs anything. A command found in node_modules/.bin is run directly.
import { chmodSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'bin', 'logdesk.mjs');
mkdirSync(binDir, { recursive: true });

const link = join(binDir, 'logdesk');
try {
  lstatSync(link);
  rmSync(link, { force: true });
} catch {
  // not there yet
}
if (process.platform === 'win32') {
  // npm's own shims on Windows: a shell script for Git Bash and a .cmd for cmd and PowerShell.
  const fromBin = relative(binDir, target);
  writeFileSync(link, `#!/bin/sh\nexec node "$(dirname "$0")/${fromBin.replace(/\\/g, '/')}" "$@"\n`);
  writeFileSync(`${link}.cmd`, `@node "%~dp0\\${fromBin}" %*\r\n`);
} else {
  symlinkSync(relative(binDir, target), link);
  chmodSync(target, 0o755);
}
