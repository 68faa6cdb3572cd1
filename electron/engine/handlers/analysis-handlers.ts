import type { Handlers } from '../../../shared/contract/index.ts';
import { AppError } from '../../../shared/errors.ts';
import { isLlmConfigured } from '../../../shared/llm-settings.ts';
import type { AnalysisService } from '../analysis/analysis-service.ts';
import { testChat } from '../llm/llm-client.ts';
import type { EngineContext } from './context.ts';

type AnalysisCalls =
  | 'analysis.insights'
  | 'analysis.insights.start'
  | 'analysis.start'
  | 'analysis.latest'
  | 'llm.settings.get'
  | 'llm.settings.save'
  | 'llm.test'
  | 'llm.prices.get'
  | 'llm.prices.save';

export function analysisHandlers(
  ctx: EngineContext,
  service: AnalysisService,
): Pick<Handlers, AnalysisCalls> {
  return {
    'analysis.insights': ({ investigationId }) => service.insights(investigationId),
    'analysis.insights.start': async ({ investigationId }) => {
      const investigation = ctx.results.get(investigationId); // fail fast, before a job id is handed out
      const jobId = ctx.jobs.start('analysis.insights', (job) =>
        service.insights(investigationId, {
          signal: job.signal,
          onProgress: (rows) => job.progress(rows, investigation.total, 'Grouping error patterns'),
        }),
      );
      return { jobId };
    },
    'analysis.start': async ({ investigationId, force, timeZone }) => {
      ctx.results.get(investigationId);
      return {
        jobId: ctx.jobs.start('analysis', (job) => service.analyse(investigationId, force, job, timeZone)),
      };
    },
    'analysis.latest': async ({ investigationId }) => ({
      analysis: ctx.analyses.latest(investigationId) ?? null,
      insights: ctx.analyses.insightsFor(investigationId) ?? null,
    }),
    'llm.settings.get': () => service.settings.view(),
    'llm.settings.save': ({ settings, apiKey, scope }) => service.settings.save(settings, apiKey, scope),
    'llm.test': async ({ settings, apiKey }) => {
      const chosen = settings ?? (await service.settings.settings());
      if (!isLlmConfigured(chosen))
        throw new AppError('BAD_ARGUMENT', 'llm.test: set a base URL and a model first');
      return testChat({ settings: chosen, apiKey: apiKey ?? (await service.settings.apiKey()) });
    },
    'llm.prices.get': () => service.prices.get(),
    'llm.prices.save': ({ prices }) => service.prices.save(prices),
  };
}
