import type { CallEnvelope } from '../../shared/contract/bridge.ts';

/**
 * Messages between Electron's main process and the engine's utility process. Main only relays:
 * calls from the window in, results and events out; the engine asks main for secrets, because
 * safeStorage exists only in the main process.
 */
export type ToHost =
  | { type: 'call'; id: number; name: string; args: unknown }
  | { type: 'secret-reply'; id: number; value?: string; error?: string }
  /** The app quits: cancel the jobs (their temp files go), close the connections, answer 'closed'. */
  | { type: 'shutdown' };

export type SecretOp = 'get' | 'set' | 'delete';

export type FromHost =
  | { type: 'ready' }
  | { type: 'result'; id: number; envelope: CallEnvelope }
  | { type: 'event'; name: string; payload: unknown }
  | { type: 'secret'; id: number; op: SecretOp; name: string; value?: string }
  /** Show a file the engine wrote (a report) in the OS file manager; the engine checked the path is its own. */
  | { type: 'reveal'; path: string }
  | { type: 'closed' };

/** The two ends of a message channel: Electron's parentPort, Node's IPC, or a pair of emitters in tests. */
export interface Channel<In, Out> {
  post(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}
