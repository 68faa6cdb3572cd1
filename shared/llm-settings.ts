import { z } from 'zod';

const httpUrl = z
  .string()
  .trim()
  .max(2_000, 'must be at most 2000 characters')
  .refine((v) => v === '' || isHttpUrl(v), {
    message: 'expected an http(s) URL like https://api.openai.com/v1',
  });

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** What is removed from every text before it is sent to the LLM (shared/redact.ts); each kind on by default. */
export const PromptRedaction = z.object({
  apiKeys: z.boolean().default(true),
  bearerTokens: z.boolean().default(true),
  emails: z.boolean().default(true),
  ipAddresses: z.boolean().default(true),
  urlPasswords: z.boolean().default(true),
});
export type PromptRedaction = z.infer<typeof PromptRedaction>;

/**
 * An OpenAI-compatible chat endpoint: OpenAI, Azure OpenAI (`https://RESOURCE.openai.azure.com/openai/v1`),
 * a LiteLLM proxy, Ollama (`http://localhost:11434/v1`), vLLM. The API key is not part of it: it lives
 * in the platform's secret store only.
 */
export const LlmSettings = z.object({
  /** Empty: no LLM configured, the analysis is the offline summary. */
  baseUrl: httpUrl.default(''),
  model: z.string().trim().max(200, 'must be at most 200 characters').default(''),
  temperature: z
    .number({ message: 'expected a number' })
    .min(0, 'must be 0 or more')
    .max(2, 'must be at most 2')
    .default(0.2),
  maxTokens: z
    .number({ message: 'expected a whole number' })
    .int('expected a whole number')
    .min(16, 'must be at least 16')
    .max(64_000, 'must be at most 64000')
    .default(1_500),
  timeoutSeconds: z
    .number({ message: 'expected a whole number of seconds' })
    .int('expected a whole number of seconds')
    .min(5, 'must be at least 5')
    .max(900, 'must be at most 900')
    .default(90),
  /** Upper bound of the prompt, in estimated tokens: patterns, spikes and samples are cut to fit. */
  promptTokenBudget: z
    .number({ message: 'expected a whole number' })
    .int('expected a whole number')
    .min(1_000, 'must be at least 1000')
    .max(200_000, 'must be at most 200000')
    .default(8_000),
  /** Azure OpenAI's `api-version` query parameter, for endpoints that still need one. */
  apiVersion: z.string().trim().max(50, 'must be at most 50 characters').default(''),
  redaction: PromptRedaction.default(PromptRedaction.parse({})),
});
export type LlmSettings = z.infer<typeof LlmSettings>;
export type LlmSettingsInput = z.input<typeof LlmSettings>;

export const isLlmConfigured = (s: LlmSettings) => s.baseUrl !== '' && s.model !== '';

/** Settings as the UI shows them: never the key itself, only whether one is stored and where. */
export const LlmSettingsView = LlmSettings.extend({
  apiKeySet: z.boolean(),
  /** Where the key is kept, in human words ("OS keychain"…). */
  secretStore: z.string(),
  configured: z.boolean(),
  /** `session`: set for this run only (the CLI's environment variables), nothing written. */
  scope: z.enum(['saved', 'session']),
});
export type LlmSettingsView = z.infer<typeof LlmSettingsView>;

/** USD per million tokens; `model` matches exactly, else as the longest prefix (`gpt-4o` prices `gpt-4o-2024-08-06`). */
export const ModelPrice = z.object({
  model: z.string().trim().min(1, 'expected a model name').max(200, 'must be at most 200 characters'),
  inputPerMillion: z.number({ message: 'expected a price' }).min(0, 'must be 0 or more'),
  outputPerMillion: z.number({ message: 'expected a price' }).min(0, 'must be 0 or more'),
  /** UTC date (YYYY-MM-DD) from which this price applies; a later entry for the same model supersedes it. */
  effectiveFrom: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-01-31')
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'expected a real calendar date')
    .optional(),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

export const PriceTable = z.object({
  currency: z.enum(['USD', 'CNY', 'EUR'], { message: 'expected USD, CNY or EUR' }).default('USD'),
  models: z.array(ModelPrice).max(500, 'at most 500 models'),
});
export type PriceTable = z.infer<typeof PriceTable>;
