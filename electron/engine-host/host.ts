import { join } from 'node:path';
import { createEngine, type Engine } from '../engine/engine.ts';
import { clockFromEnv } from '../engine/platform/clock.ts';
import { createFileLogger } from '../engine/platform/file-logger.ts';
import { firstSourceFromEnv, type FirstSource } from '../engine/platform/first-source.ts';
import type { Logger } from '../engine/platform/platform.ts';
import type { Channel, FromHost, ToHost } from './protocol.ts';
import { createRelayedSecretStore } from './relayed-secrets.ts';

export interface HostOptions {
  dataDir: string;
  cacheDir: string;
  secretsKind: string;
  demoSnapshotDirs?: readonly string[];
}

/** Runs the engine behind a message channel: the body of Electron's utility process. */
export function runEngineHost(channel: Channel<ToHost, FromHost>, options: HostOptions): Engine {
  const secrets = createRelayedSecretStore(channel, options.secretsKind);
  const log = createFileLogger(join(options.dataDir, 'logs'));
  const engine = createEngine({
    dataDir: options.dataDir,
    cacheDir: options.cacheDir,
    ...(options.demoSnapshotDirs ? { demoSnapshotDirs: options.demoSnapshotDirs } : {}),
    secrets: secrets.store,
    log,
    now: clockFromEnv(),
    firstSource: firstSourceOrDemo(log),
    revealPath: async (path) => channel.post({ type: 'reveal', path }),
  });
  engine.listen((name, payload) => channel.post({ type: 'event', name, payload }));
  channel.onMessage((message) => {
    if (secrets.handleReply(message)) return;
    if (message.type === 'shutdown') {
      void engine
        .close()
        .catch((err: unknown) =>
          engine.context.platform.log.warn('engine close failed', { message: (err as Error).message }),
        )
        .then(() => channel.post({ type: 'closed' }));
      return;
    }
    if (message.type !== 'call') return;
    void engine
      .dispatch(message.name, message.args)
      .then((envelope) => channel.post({ type: 'result', id: message.id, envelope }));
  });
  channel.post({ type: 'ready' });
  void engine.restoreWatches();
  void engine.openStartSource();
  return engine;
}

/** A bad LOGDESK_FIRST_SOURCE must not stop the window's engine from starting: the default, logged. */
function firstSourceOrDemo(log: Logger): FirstSource {
  try {
    return firstSourceFromEnv();
  } catch (err) {
    log.warn('ignored LOGDESK_FIRST_SOURCE', { message: (err as Error).message });
    return 'demo';
  }
}
