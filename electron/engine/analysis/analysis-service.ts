import { join } from 'node:path';
import type { Insights } from '../../../shared/analysis.ts';
import type { AnalysisResult } from '../../../shared/contract/analysis.ts';
import { AppError, toAppError } from '../../../shared/errors.ts';
import { isLlmConfigured } from '../../../shared/llm-settings.ts';
import type { EngineContext } from '../handlers/context.ts';
import type { JobHandle } from '../jobs.ts';
import { AnalysisCache, analysisKey } from './analysis-store.ts';
import { computeInsights } from '../insights/insights.ts';
import { streamChat } from '../llm/llm-client.ts';
import type { LlmEndpoint } from '../llm/llm-endpoint.ts';
import { citationNote } from '../insights/citations.ts';
import { categorizeUnknown } from '../llm/categorize.ts';
import type { LlmSettingsStore } from '../llm/llm-settings-store.ts';
import { offlineSummary } from '../insights/offline-summary.ts';
import { buildPrompt } from '../llm/prompt.ts';
import { estimateCost, type PriceStore } from '../llm/price-table.ts';
import { estimateTokens } from '../llm/token-estimate.ts';

/** What the analysis needs of the engine: results and their sources, the stores, the event hub (not the jobs). */
export type AnalysisDeps = Pick<
  EngineContext,
  'platform' | 'connections' | 'results' | 'analyses' | 'hub' | 'stores'
>;

/** Everything behind the analysis calls: insights, the LLM run, its settings, prices and cache. */
export class AnalysisService {
  readonly settings: LlmSettingsStore;
  readonly prices: PriceStore;
  private readonly cache: AnalysisCache;

  constructor(private readonly ctx: AnalysisDeps) {
    this.settings = ctx.stores.llmSettings;
    this.prices = ctx.stores.prices;
    this.cache = new AnalysisCache(join(ctx.platform.cacheDir, 'analyses'));
  }

  /** Patterns and spikes of an investigation, computed once over all its errors and then kept. */
  async insights(
    investigationId: string,
    options: { signal?: AbortSignal; onProgress?: (rows: number) => void } = {},
  ): Promise<Insights> {
    const known = this.ctx.analyses.insightsFor(investigationId);
    if (known) return known;
    const investigation = this.ctx.results.get(investigationId);
    const source = this.ctx.results.sourceOf(investigationId);
    if (!source)
      throw new AppError(
        'NOT_FOUND',
        'The source of this investigation is no longer known: run the query again',
      );
    const calls = await this.ctx.connections.get(source);
    const started = Date.now();
    const patternCells = this.ctx.results.takePatternCells(investigationId);
    // Timed here, not in computeInsights: the transports' oracle tests compare its results whole.
    const insights = {
      ...(await computeInsights(calls, investigationId, investigation.query, {
        ...options,
        ...(patternCells ? { patternCells } : {}),
      })),
      timings: { insightsMs: Date.now() - started },
    };
    this.ctx.platform.log.info('insights', {
      total: insights.total,
      patterns: insights.patternCount,
      spikes: insights.spikes.length,
      ms: Date.now() - started,
    });
    this.ctx.analyses.setInsights(insights);
    return insights;
  }

  /** The LLM names what the rules left unknown; a failure there only costs the names, not the analysis. */
  private async nameUnknownPatterns(
    insights: Insights,
    endpoint: LlmEndpoint,
    signal: AbortSignal,
    status: (m: string) => void,
  ): Promise<Insights> {
    if (!insights.patterns.some((p) => p.category === 'unknown')) return insights;
    status('Asking the LLM about error patterns no rule recognises');
    try {
      const { patterns, named } = await categorizeUnknown(
        endpoint,
        insights.patterns,
        endpoint.settings.redaction,
        signal,
      );
      if (!named) return insights;
      const updated = { ...insights, patterns };
      this.ctx.analyses.setInsights(updated);
      return updated;
    } catch (err) {
      if (signal.aborted) throw err;
      status(`The unknown patterns stay unknown: ${toAppError(err).message}`);
      return insights;
    }
  }

  /** Pattern and request ids the answer cites, checked against the prompt's data and then the source. */
  private async checkCitations(
    investigationId: string,
    markdown: string,
    patternsListed: number,
    insights: Insights,
  ): Promise<string | null> {
    const investigation = this.ctx.results.get(investigationId);
    const known = new Set([
      ...investigation.errors.map((e) => e.requestId),
      ...insights.patterns.map((p) => p.example.requestId),
    ]);
    const source = this.ctx.results.sourceOf(investigationId);
    return citationNote(markdown, {
      patternsListed,
      knownRequestIds: known,
      exists: async (id) => {
        if (!source) return false;
        try {
          await (await this.ctx.connections.get(source)).errorDetail(id);
          return true;
        } catch (err) {
          if (toAppError(err).code === 'NOT_FOUND') return false;
          throw err;
        }
      },
    });
  }

  /** The analysis job: insights, then the cached answer, the LLM's streamed answer, or the offline summary. */
  async analyse(
    investigationId: string,
    force: boolean,
    job: JobHandle,
    timeZone = 'UTC',
  ): Promise<AnalysisResult> {
    const { hub, platform } = this.ctx;
    const investigation = this.ctx.results.get(investigationId);
    const status = (message: string) => hub.emit('analysis.status', { jobId: job.id, message });
    job.progress(0, null, 'Grouping error patterns');
    let insights = await this.insights(investigationId, {
      signal: job.signal,
      onProgress: (rows) => job.progress(rows, investigation.total, 'Grouping error patterns'),
    });
    const settings = await this.settings.settings();
    const createdAt = new Date(platform.now()).toISOString();
    const currency = (await this.prices.get()).currency;

    if (!isLlmConfigured(settings)) {
      const markdown = offlineSummary(investigation, insights);
      hub.emit('analysis.delta', { jobId: job.id, text: markdown });
      const result: AnalysisResult = {
        investigationId,
        markdown,
        usage: { promptTokens: 0, completionTokens: 0, estimated: true },
        estimatedCost: null,
        currency,
        model: null,
        cached: false,
        offline: true,
        createdAt,
      };
      this.ctx.analyses.setLatest(result);
      return result;
    }

    const endpoint = { settings, apiKey: await this.settings.apiKey() };
    insights = await this.nameUnknownPatterns(insights, endpoint, job.signal, status);
    const prompt = buildPrompt({
      investigation,
      insights,
      redaction: settings.redaction,
      budget: settings.promptTokenBudget,
      timeZone,
    });
    const key = analysisKey(
      investigation.query,
      insights,
      { baseUrl: settings.baseUrl, model: settings.model },
      `${prompt.system}\n${prompt.user}`,
    );
    const hit = force ? undefined : await this.cache.get(key);
    if (hit) {
      status(
        'Same query over the same data as before: showing the earlier answer (force a new one to ask again)',
      );
      hub.emit('analysis.delta', { jobId: job.id, text: hit.markdown });
      const result = { ...hit, investigationId, cached: true };
      this.ctx.analyses.setLatest(result);
      return result;
    }

    status(
      `Asking ${settings.model} (about ${prompt.estimatedTokens} prompt tokens: ${prompt.included.patterns} patterns, ${prompt.included.spikes} spikes, ${prompt.included.samples} sample errors)`,
    );
    const started = Date.now();
    const answer = await streamChat(endpoint, prompt, {
      signal: job.signal,
      onDelta: (text) => hub.emit('analysis.delta', { jobId: job.id, text }),
      onStatus: status,
    });
    const note = await this.checkCitations(investigationId, answer.text, prompt.included.patterns, insights);
    if (note) {
      answer.text += note;
      hub.emit('analysis.delta', { jobId: job.id, text: note });
    }
    const usage = answer.usage
      ? { ...answer.usage, estimated: false }
      : {
          promptTokens: prompt.estimatedTokens,
          completionTokens: estimateTokens(answer.text),
          estimated: true,
        };
    const result: AnalysisResult = {
      investigationId,
      markdown: answer.text,
      usage,
      estimatedCost: estimateCost(
        await this.prices.get(),
        answer.model,
        usage.promptTokens,
        usage.completionTokens,
      ),
      currency,
      model: answer.model,
      cached: false,
      offline: false,
      createdAt,
    };
    platform.log.info('llm analysis', {
      host: new URL(settings.baseUrl).host,
      model: answer.model,
      ...usage,
      ms: Date.now() - started,
    });
    await this.cache.set(key, result);
    this.ctx.analyses.setLatest(result);
    return result;
  }
}
