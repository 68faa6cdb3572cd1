import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/logdesk.mjs');
const home = mkdtempSync(join(tmpdir(), 'logdesk-prompt-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs the CLI on a real pseudo-terminal (util-linux `script`) and types `answer` at the first prompt. */
function onTerminal(
  args: string[],
  prompt: RegExp,
  answer: string,
): Promise<{ code: number | null; screen: string }> {
  const command = ['node', BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const { PGPASSWORD: _none, ...env } = process.env;
  const child = spawn('script', ['-qfe', '-c', command, '/dev/null'], {
    env: { ...env, LOGDESK_HOME: home },
  });
  let screen = '';
  let typed = false;
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    if (!typed && prompt.test(screen)) {
      typed = true;
      child.stdin.write(`${answer}\r`);
    }
  });
  return new Promise((done) => child.on('close', (code) => done({ code, screen })));
}

describe('secrets typed at a terminal', () => {
  it('asks for the database password without echoing it and never writes it to the profile file', async () => {
    const secret = `typed-secret-${Date.now()}`;
    const { code, screen } = await onTerminal(
      ['profiles', 'add', 'typed', '--url', 'postgres://reader@127.0.0.1:5432/litellm'],
      /Database password for typed \(empty for none\): $/,
      secret,
    );
    expect(code).toBe(0);
    expect(screen).toContain('Saved profile typed');
    expect(screen).toContain('LOGDESK_SECRET_PROFILE_TYPED_DBPASSWORD');
    expect(screen).not.toContain(secret);
    expect(readFileSync(join(home, 'data', 'profiles.json'), 'utf8')).not.toContain(secret);
  });
});
