import { z } from 'zod';
import { defineArea, defineEvents } from './define.ts';

/**
 * Long work (analysis, export, pattern grouping over many rows) runs as a job: a `*.start` call
 * returns `{ jobId }` at once, progress and partial output arrive as events keyed by that id,
 * `job.finished` closes it, and `job.cancel` really stops it.
 */
export const JobStarted = z.object({ jobId: z.string() });

export const jobsArea = defineArea({
  'job.cancel': {
    request: z.object({ jobId: z.string().min(1, 'expected a job id') }),
    response: z.object({ cancelled: z.boolean() }),
  },
});

export const jobEvents = defineEvents({
  'job.progress': z.object({
    jobId: z.string(),
    done: z.number(),
    total: z.number().nullable(),
    message: z.string().optional(),
  }),
});

/** `job.finished` is declared with the result of every job kind in job-results.ts. */
