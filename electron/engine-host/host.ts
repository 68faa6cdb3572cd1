import { join } from 'node:path';
import { toAppError } from '../../shared/errors.ts';
import type { CallName } from '../../shared/contract/index.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { createFileLogger } from '../engine/platform/file-logger.ts';
import type { Channel, FromHost, ToHost } from './protocol.ts';
import { createRelayedSecretStore } from './relayed-secrets.ts';

export interface HostOptions {
  dataDir: string;
  cacheDir: string;
  secretsKind: string;
}

/** Runs the engine behind a message channel: the body of Electron's utility process. */
export function runEngineHost(channel: Channel<ToHost, FromHost>, options: HostOptions): Engine {
  const secrets = createRelayedSecretStore(channel, options.secretsKind);
  const engine = createEngine({
    dataDir: options.dataDir,
    cacheDir: options.cacheDir,
    secrets: secrets.store,
    log: createFileLogger(join(options.dataDir, 'logs')),
    now: () => Date.now(),
    revealPath: async (path) => channel.post({ type: 'reveal', path }),
  });
  engine.listen((name, payload) => channel.post({ type: 'event', name, payload }));
  channel.onMessage((message) => {
    if (secrets.handleReply(message) || message.type !== 'call') return;
    engine
      .call(message.name as CallName, message.args as never)
      .then((result) => channel.post({ type: 'result', id: message.id, envelope: { ok: true, result } }))
      .catch((err: unknown) =>
        channel.post({
          type: 'result',
          id: message.id,
          envelope: { ok: false, error: toAppError(err).toData() },
        }),
      );
  });
  channel.post({ type: 'ready' });
  return engine;
}
