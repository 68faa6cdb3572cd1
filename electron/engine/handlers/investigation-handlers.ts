import { randomUUID } from 'node:crypto';
import type { Source } from '../../../shared/connection.ts';
import type { Handlers } from '../../../shared/contract/index.ts';
import type { InvestigationResult } from '../../../shared/contract/investigation.ts';
import type { Filters } from '../../../shared/filters.ts';
import type { InvestigateOptions, PatternCells } from '../sources/call-source.ts';
import { DEFAULT_LARGE_SCAN_ROWS } from '../sources/litellm/scan-estimate.ts';
import type { EngineContext } from './context.ts';

export function investigationHandlers(
  ctx: EngineContext,
): Pick<Handlers, 'investigation.run' | 'investigation.start'> {
  async function run(
    source: Source,
    filters: Filters,
    options: Omit<InvestigateOptions, 'now'> = {},
  ): Promise<InvestigationResult> {
    const calls = await ctx.connections.get(source);
    const started = Date.now();
    ctx.results.dropPatternCells();
    const handover: { cells?: Promise<PatternCells | null>; stop?: () => void } = {};
    const investigation = await calls.investigate(filters, {
      ...options,
      now: ctx.platform.now(),
      // The insights that follow (the app and the CLI ask for them) group these instead of reading again.
      onPatternCells: (cells, stop) => Object.assign(handover, { cells, stop }),
    });
    ctx.platform.log.info('investigation', {
      source: calls.description,
      total: investigation.total,
      ms: Date.now() - started,
    });
    // Timed here, not in investigate(): the oracle tests compare its results whole across transports.
    const timings = { investigateMs: Date.now() - started };
    const result = { ...investigation, timings, id: randomUUID(), source: calls.description };
    ctx.results.add(result, source);
    if (handover.cells && handover.stop)
      ctx.results.setPatternCells(result.id, handover.cells, handover.stop);
    return result;
  }
  return {
    'investigation.run': ({ source, filters }) => run(source, filters),
    'investigation.start': async ({ source, filters, runAnyway, largeScanRows }) => {
      const threshold = largeScanRows ?? ctx.platform.largeScanRows ?? DEFAULT_LARGE_SCAN_ROWS;
      const jobId = ctx.jobs.start('investigation.run', (job) => {
        job.progress(0, null, source.kind === 'demo' ? 'Preparing the demo database' : 'Connecting');
        return run(source, filters, {
          signal: job.signal,
          ...(runAnyway ? {} : { largeScanRows: threshold }),
          onProgress: (message) => job.progress(0, null, message),
          onFirstRows: (rows) => ctx.hub.emit('investigation.firstRows', { jobId: job.id, rows }),
          ...(ctx.platform.firstRowsTimeoutMs ? { firstRowsTimeoutMs: ctx.platform.firstRowsTimeoutMs } : {}),
        });
      });
      return { jobId };
    },
  };
}
