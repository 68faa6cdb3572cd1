import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cloneDemoDatabase } from './shared-postgres.ts';
import { TEST_NOW_ISO } from './test-clock.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

const BIN = resolve(import.meta.dirname, '../../bin/logdesk.mjs');
/** One demo snapshot shared by every test process: building it takes seconds, loading it one. */
export const SHARED_CACHE = join(tmpdir(), 'logdesk-test-cache');

export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'logdesk-home-'));
}

/** Runs `logdesk …` as a user would (a separate Node process through bin/logdesk.mjs), its clock pinned to TEST_NOW. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { cwd?: string } = {},
): Promise<CliRun> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        LOGDESK_HOME: tempHome(),
        LOGDESK_CACHE_DIR: SHARED_CACHE,
        LOGDESK_NOW: TEST_NOW_ISO,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr, ms: Date.now() - started }));
  });
}

let demoCopy: Promise<string> | null = null;

/**
 * `--url` of this test file's copy of the demo's week on the run's shared PostgreSQL: the rows
 * `--demo` holds at TEST_NOW, without opening the embedded demo in every CLI process (seconds each).
 */
export async function demoUrlArgs(): Promise<string[]> {
  demoCopy ??= cloneDemoDatabase();
  return ['--url', await demoCopy];
}
