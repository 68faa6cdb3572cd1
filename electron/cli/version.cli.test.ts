import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-support/run-cli.ts';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/logdesk.mjs');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/**
 * A module hook that makes loading the engine or a database driver fail the process: run from the
 * sources, where every module is resolved by name, it proves which commands start without them.
 */
function engineTripwire(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logdesk-tripwire-'));
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {
  const found = await next(specifier, context);
  if (/\\/electron\\/engine\\/|\\/node_modules\\/(zod|pg|@electric-sql|ssh2|mysql2|better-sqlite3)\\//.test(found.url)) throw new Error('tripwire: loaded ' + found.url);
  return found;
}\n`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
  return join(dir, 'register.mjs');
}

const fromSourcesWithTripwire = (tripwire: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', tripwire, BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      LOGDESK_FROM_SOURCE: '1',
      LOGDESK_HOME: mkdtempSync(join(tmpdir(), 'logdesk-home-')),
    },
  });

describe('logdesk --version', () => {
  for (const flag of ['--version', '-v']) {
    it(`${flag} prints the package's version alone, exit 0`, async () => {
      const run = await runCli([flag]);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(`${version}\n`);
      expect(run.code).toBe(0);
    });
  }

  it('loads neither the engine nor a driver (as --help); a command does, so the tripwire can tell', () => {
    const tripwire = engineTripwire();
    for (const args of [['--version'], ['-v'], ['--help']]) {
      const run = fromSourcesWithTripwire(tripwire, args);
      expect(run.stderr, args.join(' ')).toBe('');
      expect(run.status).toBe(0);
    }
    const command = fromSourcesWithTripwire(tripwire, ['investigate', '--bogus']);
    expect(command.stderr).toContain('tripwire: loaded');
  });

  it('is listed in the help', async () => {
    const run = await runCli(['--help']);
    expect(run.stdout).toMatch(/^ {2}--version, -v +print the version$/m);
  });
});
