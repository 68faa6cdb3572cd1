import { z } from 'zod';
import { Source } from '../connection.ts';
import { Filters } from '../filters.ts';
import { ErrorRow, Investigation } from '../investigation.ts';
import { defineArea, defineEvents } from './define.ts';
import { JobStarted } from './jobs.ts';

export const InvestigationResult = Investigation.extend({
  /** Handle for follow-up calls (export, patterns) on the same result, held by the engine. */
  id: z.string(),
  source: z.string(),
});
export type InvestigationResult = z.infer<typeof InvestigationResult>;

const InvestigationRequest = z.object({
  source: Source.default({ kind: 'demo' }),
  filters: Filters.default(Filters.parse({})),
});

export const investigationArea = defineArea({
  /** Runs the query and answers when it is complete (tests, scripts); no large-scan check. */
  'investigation.run': {
    request: InvestigationRequest,
    response: InvestigationResult,
  },
  /**
   * The same as a job: `job.progress` says what runs, `job.cancel` cancels the statements on the
   * server, `job.finished` carries an InvestigationResult. Unless `runAnyway`, a query EXPLAIN
   * estimates to read more than `largeScanRows` rows fails with LARGE_SCAN (its estimate in `detail`).
   */
  'investigation.start': {
    request: InvestigationRequest.extend({
      runAnyway: z.boolean().default(false),
      /** Warning threshold; the engine's setting (LOGDESK_LARGE_SCAN_ROWS, default 5,000,000) when absent. */
      largeScanRows: z.number().int('expected a whole number').min(1, 'must be at least 1').optional(),
    }),
    response: JobStarted,
  },
});

export const investigationEvents = defineEvents({
  /**
   * The newest matching errors (up to the table's first screen, 100), read in the job's snapshot
   * before the totals: the same rows, in the same order, as the start of the final result's
   * `errors`. Sent at most once, before `job.finished`; not sent where the session cannot bound the
   * statement (psql over exec, mapped sources) or when its short timeout ended it (a rare filter).
   */
  'investigation.firstRows': z.object({ jobId: z.string(), rows: z.array(ErrorRow) }),
});
