import { homedir } from 'node:os';
import { join } from 'node:path';
import { createEnvSecretStore } from './env-secrets.ts';
import { createFileLogger } from './file-logger.ts';
import type { Platform } from './platform.ts';

/** Folders for the CLI and web mode: `LOGDESK_HOME` if set, else the XDG locations; `LOGDESK_CACHE_DIR` overrides the cache. */
export function nodePlatform(env: NodeJS.ProcessEnv = process.env, options: { prompt?: boolean } = {}): Platform {
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
    secrets: createEnvSecretStore(env, options.prompt === undefined ? {} : { prompt: options.prompt }),
    log: createFileLogger(join(dataDir, 'logs')),
    now: () => Date.now(),
  };
}
