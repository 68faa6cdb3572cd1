import type { SecretStore } from '../engine/platform/platform.ts';
import type { Channel, FromHost, SecretOp, ToHost } from './protocol.ts';

/** The engine's SecretStore inside the utility process: every operation is answered by main's safeStorage store. */
export function createRelayedSecretStore(
  channel: Channel<ToHost, FromHost>,
  kind: string,
  timeoutMs = 30_000,
) {
  let next = 0;
  const waiting = new Map<number, { resolve: (v: string | undefined) => void; reject: (e: Error) => void }>();

  const ask = (op: SecretOp, name: string, value?: string) =>
    new Promise<string | undefined>((resolve, reject) => {
      const id = ++next;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`The secret store did not answer (${op} ${name})`));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      channel.post({ type: 'secret', id, op, name, ...(value === undefined ? {} : { value }) });
    });

  const store: SecretStore = {
    kind,
    get: (name) => ask('get', name),
    set: async (name, value) => void (await ask('set', name, value)),
    delete: async (name) => void (await ask('delete', name)),
  };

  /** Feeds main's answers back; returns true when the message was one. */
  const handleReply = (message: ToHost): boolean => {
    if (message.type !== 'secret-reply') return false;
    const entry = waiting.get(message.id);
    if (!entry) return true;
    waiting.delete(message.id);
    if (message.error !== undefined) entry.reject(new Error(message.error));
    else entry.resolve(message.value);
    return true;
  };
  return { store, handleReply };
}
