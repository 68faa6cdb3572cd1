import type { CallEnvelope } from '../../shared/contract/bridge.ts';
import type { Logger, SecretStore } from '../engine/platform/platform.ts';
import type { FromHost, ToHost } from '../engine-host/protocol.ts';

/** The engine's process as main sees it: Electron's UtilityProcess, or a Node ChildProcess in tests. */
export interface HostProcess {
  postMessage(message: ToHost): void;
  onMessage(listener: (message: FromHost) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/**
 * Main's side of the engine: relays calls and events, answers secret requests from the safeStorage
 * store, and restarts the engine process when it crashes (calls in flight fail with a clear reason;
 * the next call goes to the new process). Gives up after 5 crashes in a minute.
 */
export class EngineClient {
  private host: HostProcess | null = null;
  private ready: Promise<void> = Promise.resolve();
  private nextId = 0;
  private readonly pending = new Map<number, (envelope: CallEnvelope) => void>();
  private readonly eventListeners = new Set<(name: string, payload: unknown) => void>();
  private crashes: number[] = [];
  private stopping = false;
  private closed: () => void = () => undefined;

  constructor(
    private readonly spawn: () => HostProcess,
    private readonly secrets: SecretStore,
    private readonly log: Logger,
    private readonly reveal: (path: string) => void = () => undefined,
  ) {
    this.start();
  }

  private start(): void {
    const host = this.spawn();
    this.host = host;
    let markReady: () => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    host.onMessage((message) => {
      switch (message.type) {
        case 'ready':
          markReady();
          break;
        case 'result':
          this.pending.get(message.id)?.(message.envelope);
          this.pending.delete(message.id);
          break;
        case 'event':
          for (const listener of this.eventListeners) listener(message.name, message.payload);
          break;
        case 'secret':
          void this.answerSecret(host, message);
          break;
        case 'closed':
          this.closed();
          break;
        case 'reveal':
          this.reveal(message.path);
          break;
      }
    });
    host.onExit((code) => this.onExit(host, code));
  }

  private async answerSecret(host: HostProcess, m: Extract<FromHost, { type: 'secret' }>): Promise<void> {
    try {
      const value =
        m.op === 'get'
          ? await this.secrets.get(m.name)
          : m.op === 'set'
            ? await this.secrets.set(m.name, m.value ?? '')
            : await this.secrets.delete(m.name);
      host.postMessage({ type: 'secret-reply', id: m.id, ...(typeof value === 'string' ? { value } : {}) });
    } catch (err) {
      host.postMessage({ type: 'secret-reply', id: m.id, error: (err as Error).message });
    }
  }

  private onExit(host: HostProcess, code: number | null): void {
    if (host !== this.host) return;
    this.host = null;
    for (const [id, reply] of this.pending) {
      reply({
        ok: false,
        error: {
          code: 'INTERNAL',
          message: 'The Logdesk engine stopped unexpectedly; it has been restarted. Try again.',
        },
      });
      this.pending.delete(id);
    }
    if (this.stopping) return;
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < RESTART_WINDOW_MS), now];
    this.log.error('engine process exited', { code, crashesLastMinute: this.crashes.length });
    if (this.crashes.length <= MAX_RESTARTS) this.start();
  }

  async call(name: string, args: unknown): Promise<CallEnvelope> {
    if (!this.host) {
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: 'The Logdesk engine keeps crashing; restart Logdesk (details in the log file).',
        },
      };
    }
    await this.ready;
    const host = this.host;
    if (!host)
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'The Logdesk engine stopped unexpectedly; try again.' },
      };
    const id = ++this.nextId;
    return new Promise<CallEnvelope>((resolve) => {
      this.pending.set(id, resolve);
      host.postMessage({ type: 'call', id, name, args });
    });
  }

  onEvent(listener: (name: string, payload: unknown) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** For tests and diagnostics: the current process. */
  get process(): HostProcess | null {
    return this.host;
  }

  /**
   * Stops the engine: asks it to cancel its jobs (an export in flight removes its temp files) and
   * close its connections, then ends the process — after `graceMs` at the latest.
   */
  async stop(graceMs = 4_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const host = this.host;
    if (!host) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        this.closed = resolve;
        host.onExit(() => resolve());
        host.postMessage({ type: 'shutdown' });
      }),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
    host.kill();
  }
}
