import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Which of the engine's modules the CLI imported: the mocks below note it instead of loading them. */
const loaded = new Set<string>();

// A fresh module registry and fresh mocks per test: each run shows what it imports itself.
beforeEach(() => {
  vi.resetModules();
  loaded.clear();
  vi.doMock('../engine/engine.ts', () => {
    loaded.add('engine');
    return { createEngine: () => ({ close: async () => {} }) };
  });
  vi.doMock('../engine/platform/node-platform.ts', () => {
    loaded.add('node-platform');
    return { nodePlatform: () => ({}) };
  });
  vi.doMock('ssh2', () => {
    loaded.add('ssh2');
    return { default: { utils: {} } };
  });
});

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const { main } = await import('./main.ts');
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/**
 * Bad input is refused at once: each command parses and checks its arguments before the engine (zod
 * contract, pg, PGlite, ssh2) is loaded. Loading it first cost ~0.25 CPU-s for every refusal.
 */
describe('the CLI checks its arguments before loading the engine', () => {
  const refusals: [string[], RegExp][] = [
    [['investigate', '--bogus'], /unknown option --bogus/],
    [['investigate', '--since', '7x'], /--since: expected a duration/],
    [['usage', '--limit', '-1'], /--limit/],
    [['check', '--bogus'], /--bogus/],
    [['watch', '--bogus'], /--bogus/],
    [['web', '--port', 'abc'], /--port/],
    [['profiles', 'test'], /profile name/i],
    [['profiles', 'trust', 'a', 'b'], /one profile name|one name/i],
  ];
  for (const [argv, reason] of refusals) {
    it(`refuses ${argv.join(' ')} (exit 2) with no engine module loaded`, async () => {
      const { code, stderr } = await run(argv);
      expect(stderr).toMatch(reason);
      expect(code).toBe(2);
      // Only `profiles` itself needs ssh2 (to read key files); the error hint every command prints does not.
      expect([...loaded]).toEqual(argv[0] === 'profiles' ? ['ssh2'] : []);
    });
  }

  it('answers help with no engine module loaded', async () => {
    for (const argv of [
      ['investigate', '--help'],
      ['usage', '--help'],
      ['check', '--help'],
      ['web', '--help'],
    ]) {
      const { code, stdout } = await run(argv);
      expect(code, argv.join(' ')).toBe(0);
      expect(stdout).toMatch(/Usage: logdesk/);
    }
    expect([...loaded]).toEqual([]);
  });
});
