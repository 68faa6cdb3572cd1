import type { EventName, EventPayload } from '../../shared/contract/index.ts';
import { finishedResult, type JobKind, type JobResult } from '../../shared/contract/job-results.ts';

/** The part of the bridge a job needs (so the tracker runs against the real engine in tests). */
export interface JobBridge {
  listen<K extends EventName>(event: K, callback: (payload: EventPayload<K>) => void): () => void;
  eventsReady(): Promise<void>;
}

export interface JobHandlers {
  onProgress?: (done: number, total: number | null, message?: string) => void;
  /** Any other job-keyed event (analysis.delta, analysis.status…), in arrival order. */
  onEvent?: (name: EventName, payload: { jobId: string } & Record<string, unknown>) => void;
}

export interface TrackedJob<T> {
  jobId: string;
  /** Resolves with the job's typed result; rejects with an AppError (code CANCELLED when cancelled). */
  finished: Promise<T>;
}

/**
 * Starts a job and follows it: listens before starting (events that arrive before the id is known
 * are held, then replayed), forwards its progress and events, and settles on `job.finished`.
 */
export async function trackJob<K extends JobKind>(
  bridge: JobBridge,
  kind: K,
  start: () => Promise<{ jobId: string }>,
  extraEvents: readonly EventName[],
  handlers: JobHandlers = {},
): Promise<TrackedJob<JobResult<K>>> {
  await bridge.eventsReady();
  let id: string | null = null;
  const held: [EventName, { jobId: string } & Record<string, unknown>][] = [];
  let settle: { resolve: (v: JobResult<K>) => void; reject: (e: unknown) => void } | null = null;
  const finished = new Promise<JobResult<K>>((resolve, reject) => (settle = { resolve, reject }));

  const deliver = (name: EventName, payload: { jobId: string } & Record<string, unknown>) => {
    if (name === 'job.progress') {
      const p = payload as EventPayload<'job.progress'>;
      handlers.onProgress?.(p.done, p.total, p.message);
    } else if (name === 'job.finished') {
      stop();
      try {
        settle!.resolve(finishedResult(payload as EventPayload<'job.finished'>, kind));
      } catch (err) {
        settle!.reject(err);
      }
    } else handlers.onEvent?.(name, payload);
  };
  const receive = (name: EventName) => (payload: unknown) => {
    const p = payload as { jobId: string } & Record<string, unknown>;
    if (id === null) held.push([name, p]);
    else if (p.jobId === id) deliver(name, p);
  };
  const unsubscribers = (['job.progress', 'job.finished', ...extraEvents] as EventName[]).map((name) =>
    bridge.listen(name, receive(name)),
  );
  const stop = () => unsubscribers.forEach((u) => u());

  let jobId: string;
  try {
    jobId = (await start()).jobId;
  } catch (err) {
    stop();
    throw err;
  }
  id = jobId;
  for (const [name, payload] of held.splice(0)) if (payload.jobId === jobId) deliver(name, payload);
  return { jobId, finished };
}
