#!/usr/bin/env node
// `npm start`: builds the app and opens the desktop window. Where the Electron runtime is not
// installed (CI, a headless box, ELECTRON_SKIP_BINARY_DOWNLOAD), says so plainly and points at web mode.
import { spawn, spawnSync } from 'node:child_process';
import process from 'node:process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

function electronBinary() {
  try {
    const path = require('electron'); // the package exports the runtime's path, or throws when it was never downloaded
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  process.stderr.write(
    [
      'logdesk: the Electron runtime is not installed here, so the desktop window cannot open.',
      '  Use the same app in your browser instead:   npm run start:web',
      '  (or install the runtime: npm rebuild electron, without ELECTRON_SKIP_BINARY_DOWNLOAD=1)',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const build = spawnSync(
  process.execPath,
  [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
app.on('exit', (code) => process.exit(code ?? 0));
