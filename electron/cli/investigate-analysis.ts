import type { Insights } from '../../shared/analysis.ts';
import type { AnalysisResult } from '../../shared/contract/analysis.ts';
import { AppError, describeZodError } from '../../shared/errors.ts';
import { LlmSettings } from '../../shared/llm-settings.ts';
import type { Engine } from '../engine/engine.ts';
import { jobResult } from './await-job.ts';
import { interruptible } from './interruptible.ts';
import { oneLine, wrapped } from './print.ts';
import { terminalValue } from './terminal-text.ts';
import { CATEGORY_LABELS } from '../../shared/taxonomy.ts';

/** Patterns in the CLI's JSON document and text output. */
export const CLI_TOP_PATTERNS = 20;

export interface LlmEnvironment {
  baseUrl: string;
  model: string;
  apiKey: string | undefined;
}

/**
 * `--llm` reads LOGDESK_LLM_BASE_URL, LOGDESK_LLM_MODEL and LOGDESK_LLM_API_KEY. Both of the first two
 * or neither (then the saved settings are used, if any); checked before anything runs, for exit code 2.
 */
export function llmEnvironment(env: NodeJS.ProcessEnv): LlmEnvironment | null {
  const baseUrl = env.LOGDESK_LLM_BASE_URL?.trim() ?? '';
  const model = env.LOGDESK_LLM_MODEL?.trim() ?? '';
  const apiKey = env.LOGDESK_LLM_API_KEY?.trim() || undefined;
  if (!baseUrl && !model) return null;
  if (!baseUrl)
    throw new AppError(
      'BAD_ARGUMENT',
      '--llm: LOGDESK_LLM_MODEL is set but LOGDESK_LLM_BASE_URL is not (e.g. https://api.openai.com/v1)',
    );
  if (!model)
    throw new AppError(
      'BAD_ARGUMENT',
      '--llm: LOGDESK_LLM_BASE_URL is set but LOGDESK_LLM_MODEL is not (e.g. gpt-4o-mini)',
    );
  const parsed = LlmSettings.shape.baseUrl.safeParse(baseUrl);
  if (!parsed.success)
    throw new AppError('BAD_ARGUMENT', `LOGDESK_LLM_BASE_URL: ${describeZodError(parsed.error, 'value')}`);
  return { baseUrl, model, apiKey };
}

/** LOGDESK_LLM_TIMEOUT: seconds without data from the LLM before the analysis fails (else the settings' value). */
export function llmTimeout(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.LOGDESK_LLM_TIMEOUT?.trim();
  if (!raw) return undefined;
  const parsed = LlmSettings.shape.timeoutSeconds.safeParse(/^\d+$/.test(raw) ? Number(raw) : raw);
  if (!parsed.success)
    throw new AppError(
      'BAD_ARGUMENT',
      `LOGDESK_LLM_TIMEOUT: ${describeZodError(parsed.error, 'value')} (got "${raw}")`,
    );
  return parsed.data;
}

/**
 * Points this run's engine at the environment's endpoint (memory only, nothing written), or checks
 * that saved settings exist; called before the query so a missing endpoint fails fast with exit 2.
 */
export async function prepareLlm(engine: Engine, env: NodeJS.ProcessEnv): Promise<void> {
  const endpoint = llmEnvironment(env);
  const timeout = llmTimeout(env);
  const saved = await engine.call('llm.settings.get', {});
  if (!endpoint) {
    if (!saved.configured) {
      throw new AppError(
        'BAD_ARGUMENT',
        '--llm and --ask need LOGDESK_LLM_BASE_URL and LOGDESK_LLM_MODEL (and LOGDESK_LLM_API_KEY unless the endpoint takes none)',
      );
    }
    if (timeout === undefined) return;
    await engine.call('llm.settings.save', {
      settings: LlmSettings.parse({ ...saved, timeoutSeconds: timeout }),
      scope: 'session',
    });
    return;
  }
  const settings = LlmSettings.parse({
    ...saved,
    baseUrl: endpoint.baseUrl,
    model: endpoint.model,
    ...(timeout === undefined ? {} : { timeoutSeconds: timeout }),
  });
  await engine.call('llm.settings.save', {
    settings,
    scope: 'session',
    ...(endpoint.apiKey ? { apiKey: endpoint.apiKey } : {}),
  });
}

export interface CliAnalysisOptions {
  /** Where the tokens go as they arrive (stderr with --json, so stdout stays one document). */
  tokens: (text: string) => void;
  notes: (text: string) => void;
}

/** Runs the analysis job, streaming it; Ctrl+C cancels it (and so aborts the HTTP request). */
export async function runCliAnalysis(
  engine: Engine,
  investigationId: string,
  options: CliAnalysisOptions,
): Promise<AnalysisResult> {
  const result = await interruptible(
    engine,
    () => engine.call('analysis.start', { investigationId }),
    (start) =>
      jobResult(engine, 'analysis', start, {
        onDelta: options.tokens,
        onStatus: (message) => options.notes(`analysis: ${message}\n`),
      }),
    'Interrupted: the LLM analysis was cancelled',
  );
  options.tokens('\n');
  const cost =
    result.estimatedCost === null ? '' : `, about ${result.estimatedCost.toFixed(4)} ${result.currency}`;
  const usage = result.offline
    ? 'offline summary'
    : `${result.model}: ${result.usage.promptTokens} prompt + ${result.usage.completionTokens} completion tokens${result.usage.estimated ? ' (estimated)' : ''}${cost}${result.cached ? ', from the cache' : ''}`;
  options.notes(`analysis: done (${usage})\n`);
  return result;
}

/** The CLI JSON's additions: the top patterns and the spikes, with the fields a script needs. */
export function insightsDocument(insights: Insights) {
  return {
    patterns: insights.patterns.slice(0, CLI_TOP_PATTERNS),
    patternCount: insights.patternCount,
    spikes: insights.spikes,
  };
}

/** Terminal lines: spikes, then the largest patterns. */
export function formatInsights(insights: Insights, columns = process.stdout.columns || 120): string {
  const lines: string[] = [];
  lines.push(insights.spikes.length ? 'Spikes' : 'Spikes: none');
  // A spike's line is the finding itself: wrapped, never cut.
  for (const s of insights.spikes.slice(0, 5))
    lines.push(...wrapped(s.summary, columns - 2, '    ').map((l) => `  ${l}`));
  lines.push('', `Top patterns (${insights.patternCount} in all)`);
  insights.patterns.slice(0, 10).forEach((p, i) => {
    const who = terminalValue([p.models[0]?.value, p.keyAliases[0]?.value].filter(Boolean).join(', '));
    // P1, P2 … as the analysis cites them; the cause by the name the app and the report give it.
    lines.push(
      `  P${String(i + 1).padEnd(3)}${String(p.count).padStart(7)}  ${oneLine(p.template, Math.max(40, columns - 14))}`,
      `               ${CATEGORY_LABELS[p.category]} · ${who}; e.g. ${terminalValue(p.example.requestId)}`,
    );
  });
  return `${lines.join('\n')}\n\n`;
}
