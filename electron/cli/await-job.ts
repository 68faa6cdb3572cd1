import type { EventListener, EventName, EventPayload } from '../../shared/contract/index.ts';
import { finishedResult, type JobKind, type JobResult } from '../../shared/contract/job-results.ts';

type Finished = EventPayload<'job.finished'>;

export interface JobListeners {
  onDelta?(text: string): void;
  onStatus?(message: string): void;
  onProgress?(progress: EventPayload<'job.progress'>): void;
}

/** Something that streams engine events (the engine itself, or a transport's client). */
export interface EventSource {
  listen(listener: EventListener): () => void;
}

/** Runs a job of `kind` (see runJob) and resolves with its typed result; rejects with its AppError (CANCELLED when cancelled). */
export async function jobResult<K extends JobKind>(
  source: EventSource,
  kind: K,
  start: () => Promise<{ jobId: string }>,
  listeners: JobListeners = {},
): Promise<JobResult<K>> {
  return finishedResult(await runJob(source, start, listeners), kind);
}

/**
 * Starts a job and resolves with its `job.finished` event, passing its stream events on as they
 * arrive. Listening starts before the job does, so no early event is missed.
 */
export async function runJob(
  source: EventSource,
  start: () => Promise<{ jobId: string }>,
  listeners: JobListeners = {},
): Promise<Finished> {
  let jobId: string | null = null;
  const early: [EventName, unknown][] = [];
  let finish!: (f: Finished) => void;
  const finished = new Promise<Finished>((done) => (finish = done));
  const handle = (name: EventName, payload: unknown): void => {
    if ((payload as { jobId?: string }).jobId !== jobId) return;
    if (name === 'analysis.delta') listeners.onDelta?.((payload as EventPayload<'analysis.delta'>).text);
    else if (name === 'analysis.status')
      listeners.onStatus?.((payload as EventPayload<'analysis.status'>).message);
    else if (name === 'job.progress') listeners.onProgress?.(payload as EventPayload<'job.progress'>);
    else if (name === 'job.finished') finish(payload as Finished);
  };
  const stop = source.listen((name, payload) => {
    if (jobId === null) early.push([name, payload]);
    else handle(name, payload);
  });
  try {
    jobId = (await start()).jobId;
    for (const [name, payload] of early.splice(0)) handle(name, payload);
    return await finished;
  } finally {
    stop();
  }
}
