/**
 * Entry of the engine's process: an Electron utility process in the desktop app (messages through
 * process.parentPort), or a plain Node child process with an IPC channel (tests). Never imports electron.
 */
import { fileURLToPath } from 'node:url';
import type { Channel, FromHost, ToHost } from './engine-host/protocol.ts';
import { runEngineHost } from './engine-host/host.ts';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function channel(): Channel<ToHost, FromHost> {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (m) => parentPort.postMessage(m),
      onMessage: (listener) => parentPort.on('message', (e) => listener(e.data as ToHost)),
    };
  }
  if (!process.send)
    throw new Error('engine-host must run as a utility or child process with an IPC channel');
  return {
    post: (m) => process.send!(m),
    onMessage: (listener) => process.on('message', (m) => listener(m as ToHost)),
  };
}

const dataDir = process.env.LOGDESK_DATA_DIR;
const cacheDir = process.env.LOGDESK_CACHE_DIR;
if (!dataDir || !cacheDir) throw new Error('engine-host needs LOGDESK_DATA_DIR and LOGDESK_CACHE_DIR');
const engine = runEngineHost(channel(), {
  dataDir,
  cacheDir,
  secretsKind: process.env.LOGDESK_SECRETS_KIND ?? 'OS keychain (Electron safeStorage)',
  // Built to out/main/: the snapshot `npm run dist` prepares in out/demo ships in the package beside it.
  demoSnapshotDirs: [fileURLToPath(new URL('../demo', import.meta.url))],
});
const stop = () => void engine.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
// A Node parent that goes away closes the IPC channel; the engine must not outlive it.
process.on('disconnect', stop);
