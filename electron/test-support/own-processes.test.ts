import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownProcesses } from './own-processes.ts';

const dir = mkdtempSync(join(tmpdir(), 'logdesk-own-'));
const marker = `logdesk-own-probe-${process.pid}`;
const script = join(dir, marker);
writeFileSync(script, '#!/bin/sh\nsleep 60\n');
chmodSync(script, 0o755);
const pattern = new RegExp(`${marker} --user reader`);
const started: number[] = [];

afterAll(() => {
  for (const pid of [...started, ...ownProcesses(pattern)]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // The foreign one is not below this process: found by its command line.
  spawnSync('pkill', ['-KILL', '-f', marker]);
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('ownProcesses (tests that kill a client process)', () => {
  it("finds this process's own, never another suite's with the same command line", async () => {
    const child = spawn(script, ['--user', 'reader'], { stdio: 'ignore' });
    started.push(child.pid!);
    // Another suite's: same command line, not below this process (setsid -f: its parent exits at once).
    spawnSync('setsid', ['-f', script, '--user', 'reader'], { stdio: 'ignore' });
    const all = () =>
      spawnSync('pgrep', ['-f', `${marker} --user reader`], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
        .map(Number);
    await until(() => all().length >= 2);
    expect(all()).toHaveLength(2);
    expect(ownProcesses(pattern)).toEqual([child.pid]);
  });
});
