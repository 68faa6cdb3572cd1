import { z } from 'zod';
import { Insights } from '../analysis.ts';
import { LlmSettings, LlmSettingsView, PriceTable } from '../llm-settings.ts';
import { defineArea, defineEvents } from './define.ts';
import { JobStarted } from './jobs.ts';
import { TimeZoneName } from './reports.ts';

const InvestigationId = z.string().min(1, 'expected the id of an investigation');

/** What `job.finished` carries for an `analysis.start` job (parse `result` with this). */
export const AnalysisResult = z.object({
  investigationId: z.string(),
  markdown: z.string(),
  usage: z.object({
    promptTokens: z.number(),
    completionTokens: z.number(),
    /** True when the endpoint reported no usage and these are the engine's own estimates. */
    estimated: z.boolean(),
  }),
  /** From the user's price table; null when the model has no price there (or offline). */
  estimatedCost: z.number().nullable(),
  currency: z.string(),
  /** The model that answered; null for the offline summary. */
  model: z.string().nullable(),
  /** Served from the cache: same query over the same data, the LLM was not called. */
  cached: z.boolean(),
  /** No LLM configured: a deterministic summary of patterns, spikes and breakdowns. */
  offline: z.boolean(),
  createdAt: z.string(),
});
export type AnalysisResult = z.infer<typeof AnalysisResult>;

export const LlmTestResult = z.object({
  model: z.string(),
  latencyMs: z.number(),
  /** The first words of the model's reply. */
  reply: z.string(),
});
export type LlmTestResult = z.infer<typeof LlmTestResult>;

/**
 * Understanding an incident: error patterns and spikes over all matching errors, and an analysis
 * streamed from an OpenAI-compatible LLM (or an offline summary when none is configured).
 *
 * Streaming: `analysis.start` returns `{ jobId }`; `analysis.delta` events carry the Markdown as it
 * arrives, `analysis.status` says what the engine is doing (retrying after a 429…), `job.finished`
 * carries an AnalysisResult (or the error: AUTH_FAILED for 401/403, NOT_FOUND for an unknown model),
 * and `job.cancel` aborts the HTTP request.
 */
export const analysisArea = defineArea({
  /** Patterns and spikes of an investigation (computed once, then served from memory). */
  'analysis.insights': {
    request: z.object({ investigationId: InvestigationId }),
    response: Insights,
  },
  /** The same as a job: `job.progress` while errors are read, `job.finished` carries Insights. */
  'analysis.insights.start': {
    request: z.object({ investigationId: InvestigationId }),
    response: JobStarted,
  },
  'analysis.start': {
    request: z.object({
      investigationId: InvestigationId,
      /** Ask the LLM again even when the same query over the same data was analysed before. */
      force: z.boolean().default(false),
      /** The zone the user reads times in: the prompt writes its times in it and says so once (UTC when absent). */
      timeZone: TimeZoneName.optional(),
    }),
    response: JobStarted,
  },
  /** The last analysis and insights of an investigation, if any ran (e.g. to show them again). */
  'analysis.latest': {
    request: z.object({ investigationId: InvestigationId }),
    response: z.object({ analysis: AnalysisResult.nullable(), insights: Insights.nullable() }),
  },
  'llm.settings.get': {
    request: z.object({}).default({}),
    response: LlmSettingsView,
  },
  'llm.settings.save': {
    request: z.object({
      settings: LlmSettings,
      /** A new API key; `null` removes the stored one; absent keeps it. Goes to the secret store only. */
      apiKey: z
        .string()
        .trim()
        .min(1, 'expected an API key, or null to remove it')
        .max(4_000)
        .nullable()
        .optional(),
      /** `session`: use for this engine's life only and write nothing (the CLI's environment variables). */
      scope: z.enum(['saved', 'session']).default('saved'),
    }),
    response: LlmSettingsView,
  },
  /** One tiny request to the endpoint; the given settings (unsaved edits) or the saved ones. */
  'llm.test': {
    request: z.object({
      settings: LlmSettings.optional(),
      /** A key typed but not saved yet; the stored key otherwise. */
      apiKey: z.string().trim().min(1).max(4_000).optional(),
    }),
    response: LlmTestResult,
  },
  'llm.prices.get': {
    request: z.object({}).default({}),
    response: PriceTable,
  },
  'llm.prices.save': {
    request: z.object({ prices: PriceTable }),
    response: PriceTable,
  },
});

export const analysisEvents = defineEvents({
  /** The next piece of the analysis Markdown, in order. */
  'analysis.delta': z.object({ jobId: z.string(), text: z.string() }),
  /** What the analysis is doing, e.g. `Rate limited by the LLM endpoint (HTTP 429), retrying in 2 s (attempt 2 of 4)`. */
  'analysis.status': z.object({ jobId: z.string(), message: z.string() }),
});
