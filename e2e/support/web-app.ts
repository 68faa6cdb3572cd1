import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/logdesk.mjs');
/** The demo snapshot is shared by every test process: building it takes seconds. */
export const SHARED_CACHE = join(tmpdir(), 'logdesk-test-cache');

export interface WebApp {
  /** The URL `logdesk web` printed (with its token). */
  url: string;
  origin: string;
  token: string;
  home: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs `logdesk web` as a user would (a separate process through bin/logdesk.mjs) with a fresh
 * LOGDESK_HOME, and waits for the URL it prints. A fresh home opens empty (LOGDESK_FIRST_SOURCE=none):
 * specs pick their own database, and a demo run on every open would cost each seconds of CPU; the
 * first-screen spec passes `LOGDESK_FIRST_SOURCE: 'demo'`, as a user's first start is.
 */
export async function startWebApp(env: NodeJS.ProcessEnv = {}, timeoutMs = 90_000): Promise<WebApp> {
  const home = mkdtempSync(join(tmpdir(), 'logdesk-e2e-home-'));
  const child: ChildProcess = spawn(process.execPath, [BIN, 'web'], {
    env: {
      ...process.env,
      LOGDESK_HOME: home,
      LOGDESK_CACHE_DIR: SHARED_CACHE,
      LOGDESK_FIRST_SOURCE: 'none',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`logdesk web printed no URL within ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const check = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`logdesk web exited with ${code}:\n${out}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    home,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
