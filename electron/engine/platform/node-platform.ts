import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import { clockFromEnv } from './clock.ts';
import { createEnvSecretStore } from './env-secrets.ts';
import { createFileLogger } from './file-logger.ts';
import { firstSourceFromEnv } from './first-source.ts';
import type { Platform } from './platform.ts';

/** Folders for the CLI and web mode: `LOGDESK_HOME` if set, else the XDG locations; `LOGDESK_CACHE_DIR` overrides the cache. */
export function nodePlatform(
  env: NodeJS.ProcessEnv = process.env,
  options: { prompt?: boolean; demoSnapshotDirs?: readonly string[] } = {},
): Platform {
  const home = env.LOGDESK_HOME;
  const dataDir = home
    ? join(home, 'data')
    : join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'logdesk');
  const cacheDir = env.LOGDESK_CACHE_DIR
    ? env.LOGDESK_CACHE_DIR
    : home
      ? join(home, 'cache')
      : join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'logdesk');
  return {
    dataDir,
    cacheDir,
    ...(options.demoSnapshotDirs ? { demoSnapshotDirs: options.demoSnapshotDirs } : {}),
    secrets: createEnvSecretStore(env, options.prompt === undefined ? {} : { prompt: options.prompt }),
    log: createFileLogger(join(dataDir, 'logs')),
    now: clockFromEnv(env),
    firstSource: firstSourceFromEnv(env),
    ...largeScanRows(env.LOGDESK_LARGE_SCAN_ROWS),
    ...firstRowsTimeout(env.LOGDESK_FIRST_ROWS_TIMEOUT_MS),
  };
}

/** LOGDESK_LARGE_SCAN_ROWS: a positive whole number of rows. */
function largeScanRows(text: string | undefined): { largeScanRows?: number } {
  if (!text?.trim()) return {};
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new AppError(
      'BAD_ARGUMENT',
      `LOGDESK_LARGE_SCAN_ROWS: expected a whole number of rows like 5000000, got "${text}"`,
    );
  }
  return { largeScanRows: Number(text) };
}

/** LOGDESK_FIRST_ROWS_TIMEOUT_MS: how long the newest rows may take before the totals (default 250 ms). */
function firstRowsTimeout(text: string | undefined): { firstRowsTimeoutMs?: number } {
  if (!text?.trim()) return {};
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new AppError(
      'BAD_ARGUMENT',
      `LOGDESK_FIRST_ROWS_TIMEOUT_MS: expected a whole number of milliseconds like 250, got "${text}"`,
    );
  }
  return { firstRowsTimeoutMs: Number(text) };
}
