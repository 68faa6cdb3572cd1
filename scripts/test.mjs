#!/usr/bin/env node
// `npm test`: build once (the CLI bundle and the UI that the e2e specs serve), then the type check,
// the linter, the format and import-cycle checks and vitest side by side: the checks mostly wait on
// one core while the tests wait on their servers. Each tool's output is printed whole when it ends; the exit code is the first failure's.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

/** Runs a command; `live` streams its output, otherwise it is kept and printed when the command ends. */
function run(name, command, args, { live = false } = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, {
      stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let out = '';
    if (!live) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('error', (err) => done({ name, code: 1, out: `${out}${err.message}\n` }));
    child.on('close', (code, signal) => {
      if (!live)
        process.stdout.write(
          `\n── ${name} (${seconds()}): ${code === 0 ? 'ok' : `failed (${signal ?? code})`}\n${out}`,
        );
      done({ name, code: code ?? 1 });
    });
  });
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const build = await run('build', process.platform === 'win32' ? 'npm.cmd' : 'npm', [
  'run',
  '--silent',
  'build',
]);
if (build.code !== 0) process.exit(build.code);

const report = join(mkdtempSync(join(tmpdir(), 'logdesk-test-')), 'vitest.json');
const results = await Promise.all([
  run('typecheck', npx, ['tsc', '-p', 'tsconfig.json', '--noEmit']),
  run('lint', npx, ['eslint', '.']),
  run('format', npx, ['prettier', '--check', '--log-level', 'warn', '.']),
  run('import cycles', process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'check:cycles']),
  run(
    'vitest',
    npx,
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { live: true },
  ),
]);

function testCounts() {
  try {
    const doc = JSON.parse(readFileSync(report, 'utf8'));
    return `${doc.numPassedTests} passed, ${doc.numFailedTests} failed, ${doc.numPendingTests + doc.numTodoTests} skipped`;
  } catch {
    return 'no vitest report was written';
  }
}
const failed = results.filter((r) => r.code !== 0);
process.stdout.write(
  `\nnpm test: ${failed.length ? `failed: ${failed.map((r) => r.name).join(', ')}` : 'typecheck, lint and tests passed'} in ${seconds()}\n`,
);
process.stdout.write(`tests: ${testCounts()}\n`);
process.exit(failed[0]?.code ?? 0);
