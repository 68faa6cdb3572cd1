import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

function testFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) testFiles(path, out);
    else if (entry.name.endsWith('.test.ts')) out.push(relative(root, path));
  }
  return out;
}

/**
 * A file runs in a process of its own when it starts servers or processes, mocks modules, or is
 * named for a database, the CLI, the demo or Electron; pure functions and in-memory fakes share
 * their worker's modules with the next such file. Importing the engine's modules anew for each of
 * ~60 small files cost more than running them (import 116 s of 190 s for them, measured).
 */
function needsOwnProcess(file: string): boolean {
  if (/\.(pg|db|cli|demo|electron)\.test\.ts$/.test(file)) return true;
  return /test-support\/|vi\.(mock|doMock|stubEnv|stubGlobal|useFakeTimers)\(/.test(
    readFileSync(join(root, file), 'utf8'),
  );
}

const unitFiles = ['electron', 'shared', 'renderer']
  .flatMap((dir) => testFiles(join(root, dir)))
  .filter((f) => !needsOwnProcess(f));

export default defineConfig({
  test: {
    // Generous: a test that needs 10 s on a quiet machine may need ten times that at load 20.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // expect.poll's own default is 1 s: at load 8 a page that answers in 1.2 s failed the check.
    expect: { poll: { timeout: 30_000 } },
    fileParallelism: true,
    // Three on two cores: the integration files wait on their servers and children (CPU 63–80 % busy with
    // two workers, measured); a third fills that. Clean-clone run 7.8 → 7.3 min, vitest 400 → 384 s.
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: unitFiles, isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts'],
          exclude: unitFiles,
          // One PostgreSQL server for the run, with the demo's week as a template database (test-support/global-setup.ts).
          globalSetup: ['electron/test-support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.spec.ts'],
          // Every spec builds its state in hooks (webSession: its own databases, browser and app), so the
          // next spec in a worker may reuse its modules: Playwright and the page objects imported once a
          // worker instead of once a file (import 9.6 → 3.3 s, CPU 91 → 85 s for six specs, measured).
          isolate: false,
          globalSetup: ['electron/test-support/global-setup.ts'],
        },
      },
    ],
  },
});
