import { randomUUID } from 'node:crypto';
import type { Source } from '../../../shared/connection.ts';
import type { Handlers } from '../../../shared/contract/index.ts';
import type { InvestigationResult } from '../../../shared/contract/investigation.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Filters } from '../../../shared/filters.ts';
import { investigate, type InvestigateOptions } from '../litellm/investigate.ts';
import { DEFAULT_LARGE_SCAN_ROWS } from '../litellm/scan-estimate.ts';
import type { EngineContext } from './context.ts';

const KEEP_RESULTS = 8;

/** Recent results, so exports and follow-up views reuse a query instead of running it again. */
export class ResultStore {
  private readonly results = new Map<string, InvestigationResult>();
  private readonly sources = new Map<string, Source>();

  add(result: InvestigationResult, source?: Source): void {
    this.results.set(result.id, result);
    if (source) this.sources.set(result.id, source);
    while (this.results.size > KEEP_RESULTS) this.results.delete(this.results.keys().next().value!);
    for (const id of this.sources.keys()) if (!this.results.has(id)) this.sources.delete(id);
  }

  get(id: string): InvestigationResult {
    const result = this.results.get(id);
    if (!result) {
      throw new AppError('NOT_FOUND', `No investigation with id "${id}" (results are kept for the last ${KEEP_RESULTS} queries)`);
    }
    return result;
  }

  /** The source a result was read from: a report reopens it to write every match, not only the rows kept. */
  sourceOf(id: string): Source | undefined {
    return this.sources.get(id);
  }
}

export function investigationHandlers(ctx: EngineContext): Pick<Handlers, 'investigation.run' | 'investigation.start'> {
  async function run(source: Source, filters: Filters, options: InvestigateOptions = {}): Promise<InvestigationResult> {
    const db = await ctx.connections.get(source);
    const started = Date.now();
    const investigation = await investigate(db, filters, { ...options, now: ctx.platform.now() });
    ctx.platform.log.info('investigation', { source: db.description, total: investigation.total, ms: Date.now() - started });
    const result = { ...investigation, id: randomUUID(), source: db.description };
    ctx.results.add(result, source);
    return result;
  }
  return {
    'investigation.run': ({ source, filters }) => run(source, filters),
    'investigation.start': async ({ source, filters, runAnyway, largeScanRows }) => {
      const threshold = largeScanRows ?? ctx.platform.largeScanRows ?? DEFAULT_LARGE_SCAN_ROWS;
      const jobId = ctx.jobs.start('investigation.run', (job) => {
        job.progress(0, null, 'Connecting');
        return run(source, filters, {
          signal: job.signal,
          ...(runAnyway ? {} : { largeScanRows: threshold }),
          onProgress: (message) => job.progress(0, null, message),
        });
      });
      return { jobId };
    },
  };
}
