import { z } from 'zod';
import { Insights } from '../analysis.ts';
import { AppError, ErrorData } from '../errors.ts';
import { AnalysisResult } from './analysis.ts';
import { defineEvents } from './define.ts';
import { InvestigationResult } from './investigation.ts';
import { ReportExportResult } from './reports.ts';

/**
 * What each kind of job hands back in `job.finished`. A job kind not listed here cannot be started
 * (Jobs.start takes a JobKind), so every receiver gets a typed result without parsing it again.
 */
export const jobResults = {
  'investigation.run': InvestigationResult,
  'report.export': ReportExportResult,
  analysis: AnalysisResult,
  'analysis.insights': Insights,
} as const;
export type JobKind = keyof typeof jobResults;
export type JobResult<K extends JobKind> = z.output<(typeof jobResults)[K]>;

const kinds = Object.keys(jobResults) as [JobKind, ...JobKind[]];

const doneOf = <K extends JobKind>(kind: K) =>
  z.object({
    jobId: z.string(),
    kind: z.literal(kind),
    status: z.literal('done'),
    result: jobResults[kind] as (typeof jobResults)[K],
    // Absent, declared so `finished.error` reads on every member of the union.
    error: z.undefined().optional(),
  });

/** `job.finished`: `done` with the kind's result, or `failed` / `cancelled` with the error. */
export const JobFinished = z.union([
  doneOf('investigation.run'),
  doneOf('report.export'),
  doneOf('analysis'),
  doneOf('analysis.insights'),
  z.object({
    jobId: z.string(),
    kind: z.enum(kinds),
    status: z.enum(['failed', 'cancelled']),
    error: ErrorData.optional(),
    result: z.undefined().optional(),
  }),
]);
export type JobFinished = z.output<typeof JobFinished>;

export const jobResultEvents = defineEvents({ 'job.finished': JobFinished });

/** The result of a finished job of the expected kind; throws its AppError (code CANCELLED when cancelled). */
export function finishedResult<K extends JobKind>(finished: JobFinished, kind: K): JobResult<K> {
  if (finished.status !== 'done') {
    if (finished.error) throw AppError.fromData(finished.error);
    throw new AppError(
      finished.status === 'cancelled' ? 'CANCELLED' : 'INTERNAL',
      `The job ${finished.status}`,
    );
  }
  if (finished.kind !== kind)
    throw new AppError('INTERNAL', `expected the result of a ${kind} job, got one of ${finished.kind}`);
  return finished.result as JobResult<K>;
}
