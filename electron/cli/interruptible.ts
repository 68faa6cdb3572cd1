import { AppError } from '../../shared/errors.ts';
import type { Engine } from '../engine/engine.ts';

/** Ctrl+C stopped the work: `logdesk` exits 130, the documented code of an interrupted command. */
export class InterruptedError extends AppError {
  constructor(message: string) {
    super('CANCELLED', message);
  }
}

/**
 * Runs an engine job that Ctrl+C cancels (its statements on the server, its HTTP request, its temp
 * files): `run` gets the start function to hand to runJob/jobResult. A Ctrl+C before the job id is
 * known cancels the job as soon as it starts. Interrupted, it rejects with InterruptedError(`message`).
 */
export async function interruptible<T>(
  engine: Engine,
  start: () => Promise<{ jobId: string }>,
  run: (start: () => Promise<{ jobId: string }>) => Promise<T>,
  message: string,
): Promise<T> {
  let jobId: string | null = null;
  let interrupted = false;
  const cancel = () => {
    interrupted = true;
    if (jobId) void engine.call('job.cancel', { jobId });
  };
  process.once('SIGINT', cancel);
  try {
    return await run(async () => {
      const started = await start();
      jobId = started.jobId;
      if (interrupted) void engine.call('job.cancel', { jobId });
      return started;
    });
  } catch (err) {
    if (interrupted) throw new InterruptedError(message);
    throw err;
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}
