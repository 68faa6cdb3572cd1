import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEnvSecretStore } from '../engine/platform/env-secrets.ts';
import type { Logger, Platform } from '../engine/platform/platform.ts';
import { SHARED_CACHE } from './run-cli.ts';
import { TEST_NOW } from './test-clock.ts';

export interface TestPlatform extends Platform {
  /** Every log line, to assert on what was logged (and that no secret was). */
  lines: { level: string; message: string; fields?: Record<string, unknown> }[];
}

/** A platform for in-process engine tests: a fresh data folder, the shared demo cache, an in-memory log, the clock at TEST_NOW. */
export function testPlatform(overrides: Partial<Platform> = {}): TestPlatform {
  const lines: TestPlatform['lines'] = [];
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, ...(fields ? { fields } : {}) });
  const log: Logger = { info: record('info'), warn: record('warn'), error: record('error') };
  return {
    dataDir: mkdtempSync(join(tmpdir(), 'logdesk-data-')),
    cacheDir: SHARED_CACHE,
    secrets: createEnvSecretStore({}),
    log,
    now: () => TEST_NOW,
    lines,
    ...overrides,
  };
}
