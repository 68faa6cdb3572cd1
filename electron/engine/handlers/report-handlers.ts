import { resolve } from 'node:path';
import { z } from 'zod';
import type { Handlers } from '../../../shared/contract/index.ts';
import {
  ReportAnalysis,
  ReportPattern,
  ReportSpike,
  type ReportExportResult,
  type ReportRequest,
} from '../../../shared/contract/reports.ts';
import { AppError } from '../../../shared/errors.ts';
import { exportReport } from '../reports/export-report.ts';
import { checkReportFolder, localStamp } from '../reports/atomic-files.ts';
import { resolveReportFolder } from '../reports/report-folder-path.ts';
import type { JobHandle } from '../jobs.ts';
import type { AnalysisService } from '../analysis/analysis-service.ts';
import { offlineSummary } from '../insights/offline-summary.ts';
import type { EngineContext } from './context.ts';
import type { Source } from '../../../shared/connection.ts';
import type { ResolvedQuery } from '../../../shared/investigation.ts';
import { trafficFiltersFor } from '../traffic/traffic.ts';
import { touchesRange, type Finding } from '../../../shared/health.ts';

type ReportCalls =
  'report.export' | 'report.start' | 'report.lastLocation' | 'report.folder' | 'report.reveal';

/**
 * The request's own analysis, patterns and spikes win; missing ones come from the analysis area:
 * the latest analysis of the same investigation, and its patterns and spikes (computed now if no
 * one asked for them yet). Without any analysis, the page shows the offline summary.
 */
async function withAnalysis(
  ctx: EngineContext,
  analysis: AnalysisService,
  request: ReportRequest,
  signal?: AbortSignal,
) {
  const id = request.investigationId;
  const insights = await analysis.insights(id, signal ? { signal } : {});
  const latest = request.analysis ?? ReportAnalysis.safeParse(ctx.analyses.latest(id)).data;
  return {
    request: {
      ...request,
      analysis: latest,
      patterns: request.patterns ?? z.array(ReportPattern).parse(insights.patterns),
      spikes: request.spikes ?? z.array(ReportSpike).parse(insights.spikes),
    },
    offlineMarkdown: offlineSummary(ctx.results.get(id), insights),
  };
}

export function reportHandlers(ctx: EngineContext, analysis: AnalysisService): Pick<Handlers, ReportCalls> {
  const locations = ctx.stores.reportLocations;
  /** Paths this engine wrote: the only ones `report.reveal` will show (narrow handlers, STYLE.md). */
  const written = new Set<string>();

  async function run(given: ReportRequest, job?: JobHandle): Promise<ReportExportResult> {
    const resolved = { ...given, outDir: resolveReportFolder(given.outDir) };
    // A folder that can never hold the report is refused before the insights, traffic and health reads.
    await checkReportFolder(resolve(resolved.outDir, localStamp(new Date(ctx.platform.now())).day));
    const { request, offlineMarkdown } = await withAnalysis(ctx, analysis, resolved, job?.signal);
    const investigation = ctx.results.get(request.investigationId);
    const source = ctx.results.sourceOf(request.investigationId);
    const started = Date.now();
    const result = await exportReport({
      investigation,
      sourceDescription: investigation.source,
      source,
      calls: () => {
        if (!source)
          throw new AppError(
            'NOT_FOUND',
            'The source of this investigation is no longer known: run the query again',
          );
        return ctx.connections.get(source);
      },
      request,
      offlineMarkdown,
      generatedAt: new Date(ctx.platform.now()),
      signal: job?.signal,
      onProgress: job ? (done, total, message) => job.progress(done, total, message) : undefined,
      traffic: () => reportTraffic(ctx, source, investigation.query, job?.signal),
      dataQuality: () => reportDataQuality(ctx, source, investigation.query, job?.signal),
    });
    written.add(resolve(result.dir));
    for (const file of result.files) written.add(resolve(result.dir, file));
    await locations
      .set({
        outDir: request.outDir,
        dir: result.dir,
        html: result.html,
        at: new Date(ctx.platform.now()).toISOString(),
      })
      .catch((err: unknown) =>
        ctx.platform.log.warn('could not remember the report location', { message: String(err) }),
      );
    ctx.platform.log.info('report written', {
      dir: result.dir,
      files: result.files.length,
      csvRows: result.csvRows,
      ms: Date.now() - started,
    });
    return result;
  }

  return {
    'report.export': (request) => run(request),
    'report.start': async (request) => {
      // Fail fast on an unknown id, before a job id is handed out.
      ctx.results.get(request.investigationId);
      return { jobId: ctx.jobs.start('report.export', (job) => run(request, job)) };
    },
    'report.lastLocation': () => locations.get(),
    'report.folder': async ({ outDir }) => ({ path: resolveReportFolder(outDir) }),
    'report.reveal': async ({ path }) => {
      const target = resolve(path);
      const last = await locations.get();
      const known = written.has(target) || target === last.dir || target === last.html;
      if (!known)
        throw new AppError('NOT_FOUND', `Only a report written by Logdesk can be revealed, not ${target}`);
      if (!ctx.platform.revealPath) return { revealed: false, path: target };
      await ctx.platform.revealPath(target);
      return { revealed: true, path: target };
    },
  };
}

/** The findings of the health check that touch the report's range; none when the check cannot run (a mapped source, a role without grants). */
async function reportDataQuality(
  ctx: EngineContext,
  source: Source | undefined,
  query: ResolvedQuery,
  signal?: AbortSignal,
): Promise<Finding[] | null> {
  if (!source) return null;
  try {
    const calls = await ctx.connections.get(source);
    const report = await calls.healthCheck(
      { from: query.from, to: query.to },
      { now: ctx.platform.now(), ...(signal ? { signal } : {}) },
    );
    return report.findings.filter((f) => touchesRange(f, query));
  } catch (err) {
    if (signal?.aborted) throw err;
    ctx.platform.log.warn('report without data quality section', { message: String(err) });
    return null;
  }
}

/** The traffic section of a report; a report is still written when it cannot be read (older proxy, timeout). */
async function reportTraffic(
  ctx: EngineContext,
  source: Source | undefined,
  query: ResolvedQuery,
  signal?: AbortSignal,
) {
  if (!source) return null;
  try {
    const calls = await ctx.connections.get(source);
    const prices = await ctx.stores.prices.get();
    return await calls.traffic(trafficFiltersFor(query), {
      now: ctx.platform.now(),
      prices,
      signal,
      page: { sort: 'time', direction: 'desc', cursor: null, limit: 1 },
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    ctx.platform.log.warn('report without traffic section', { message: String(err) });
    return null;
  }
}
