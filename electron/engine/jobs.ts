import { randomUUID } from 'node:crypto';
import type { EventListener, EventName, EventPayload } from '../../shared/contract/index.ts';
import type { JobFinished, JobKind, JobResult } from '../../shared/contract/job-results.ts';
import { toAppError } from '../../shared/errors.ts';

export interface JobHandle {
  id: string;
  signal: AbortSignal;
  progress(done: number, total: number | null, message?: string): void;
}

/** Fans engine events out to every transport that listens (IPC, web-mode stream, CLI, tests). */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  /** Returns its own unsubscribe function. */
  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // One broken listener (a closed window) must not starve the others.
      }
    }
  }
}

/** Runs long work in the background with an id, progress events, a final event and real cancellation. */
export class Jobs {
  private readonly running = new Map<string, AbortController>();
  private readonly settled = new Map<string, Promise<void>>();

  constructor(private readonly hub: EventHub) {}

  start<K extends JobKind>(kind: K, run: (job: JobHandle) => Promise<JobResult<K>>): string {
    const id = randomUUID();
    const controller = new AbortController();
    this.running.set(id, controller);
    const job: JobHandle = {
      id,
      signal: controller.signal,
      progress: (done, total, message) =>
        this.hub.emit('job.progress', {
          jobId: id,
          done,
          total,
          ...(message === undefined ? {} : { message }),
        }),
    };
    // Started on the next tick, so the caller has the id (and can listen) before the first event.
    let done!: () => void;
    this.settled.set(id, new Promise<void>((resolve) => (done = resolve)));
    setImmediate(() => {
      run(job)
        // The kind fixes the result's type; TypeScript cannot pair the two through the generic.
        .then((result) =>
          this.hub.emit('job.finished', { jobId: id, kind, status: 'done', result } as JobFinished),
        )
        .catch((err: unknown) => {
          const error = toAppError(err);
          const status = controller.signal.aborted || error.code === 'CANCELLED' ? 'cancelled' : 'failed';
          this.hub.emit('job.finished', { jobId: id, kind, status, error: error.toData() });
        })
        .finally(() => {
          this.running.delete(id);
          this.settled.delete(id);
          done();
        });
    });
    return id;
  }

  cancel(id: string): boolean {
    const controller = this.running.get(id);
    if (!controller) return false;
    controller.abort();
    return true;
  }

  /**
   * Cancels every job and waits (up to `graceMs`) until they have stopped, so that closing the app
   * cancels their statements on the server before the connections go (a closed socket alone does
   * not stop a running query).
   */
  async cancelAll(graceMs = 5_000): Promise<void> {
    for (const controller of this.running.values()) controller.abort();
    const pending = [...this.settled.values()];
    if (!pending.length) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(pending),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
    ]);
    clearTimeout(timer);
  }
}
