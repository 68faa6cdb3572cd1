import { fork } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentBundle } from '../../bin/bundle-current.mjs';
import type { SecretStore } from '../engine/platform/platform.ts';
import type { FromHost, ToHost } from '../engine-host/protocol.ts';
import type { HostProcess } from '../main/engine-client.ts';
import { TEST_NOW_ISO } from './test-clock.ts';

const HOST = resolve(import.meta.dirname, '../engine-host.ts');
/** Bundled by `npm run build` (scripts/build-cli.mjs) beside the CLI; the sources through tsx when it is stale. */
const BUNDLED = currentBundle('engine-host.mjs');

/**
 * The engine host as a Node child process: the same code Electron runs as a utility process, its clock at
 * TEST_NOW; it opens empty (LOGDESK_FIRST_SOURCE=none), so no host starts the demo (seconds of CPU) unasked.
 */
export function nodeHost(dataDir: string, cacheDir = join(dataDir, 'cache')): () => HostProcess {
  return () => {
    const child = fork(BUNDLED ? fileURLToPath(BUNDLED) : HOST, [], {
      execArgv: BUNDLED ? [] : ['--import', 'tsx'],
      env: {
        ...process.env,
        LOGDESK_DATA_DIR: dataDir,
        LOGDESK_CACHE_DIR: cacheDir,
        LOGDESK_NOW: TEST_NOW_ISO,
        LOGDESK_FIRST_SOURCE: 'none',
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    return {
      postMessage: (m: ToHost) => void child.send(m),
      onMessage: (listener) => child.on('message', (m) => listener(m as FromHost)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      // SIGKILL: a crash, not a polite stop (which would let the call in flight finish).
      kill: () => void child.kill('SIGKILL'),
    };
  };
}

export function memorySecrets(): SecretStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    kind: 'memory',
    get: async (n) => map.get(n),
    set: async (n, v) => void map.set(n, v),
    delete: async (n) => void map.delete(n),
  };
}
