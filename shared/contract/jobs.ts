import { z } from 'zod';
import { ErrorData } from '../errors.ts';
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
  'job.finished': z.object({
    jobId: z.string(),
    kind: z.string(),
    status: z.enum(['done', 'failed', 'cancelled']),
    /** The job's result; its area's schema parses it on the receiving side. */
    result: z.unknown().optional(),
    error: ErrorData.optional(),
  }),
});
