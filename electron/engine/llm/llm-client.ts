import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { AppError } from '../../../shared/errors.ts';
import { redact } from '../../../shared/redact.ts';
import type { LlmEndpoint } from './llm-endpoint.ts';
import { loadOpenAI } from './openai-module.ts';
import {
  classifyLlmError,
  describeRetry,
  malformedAnswer,
  retryDelayMs,
  type LlmFailure,
} from './llm-errors.ts';

export interface ChatMessages {
  system: string;
  user: string;
}

export interface StreamHooks {
  signal: AbortSignal;
  onDelta(text: string): void;
  /** Retries and other things worth telling the user while they wait. */
  onStatus(message: string): void;
}

export interface ChatOutcome {
  text: string;
  model: string;
  /** As reported by the endpoint; null when it reports none. */
  usage: { promptTokens: number; completionTokens: number } | null;
}

export const MAX_ATTEMPTS = 4;

export async function clientFor({ settings, apiKey }: LlmEndpoint): Promise<OpenAI> {
  const OpenAIClient = await loadOpenAI();
  const host = new URL(settings.baseUrl).hostname;
  const azure = /\.(openai\.azure\.com|cognitiveservices\.azure\.com|services\.ai\.azure\.com)$/i.test(host);
  return new OpenAIClient({
    baseURL: settings.baseUrl.replace(/\/+$/, ''),
    // Local servers (Ollama, vLLM) take any key; the client insists on one.
    apiKey: apiKey ?? 'no-key',
    // Nothing from the environment (OPENAI_ORG_ID…) leaks into requests to another endpoint.
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: settings.timeoutSeconds * 1000,
    logLevel: 'off',
    ...(azure && apiKey ? { defaultHeaders: { 'api-key': apiKey } } : {}),
    ...(settings.apiVersion ? { defaultQuery: { 'api-version': settings.apiVersion } } : {}),
  });
}

/**
 * Parameters some OpenAI-compatible servers refuse: the 400's message names them, and the request is
 * sent again without (newer OpenAI models want `max_completion_tokens`, reasoning models no temperature,
 * older servers no `stream_options`).
 */
function adjustForRefusal(params: Record<string, unknown>, failure: LlmFailure): boolean {
  if (failure.status !== 400 && failure.status !== 422) return false;
  const text = failure.serverMessage.toLowerCase();
  if (text.includes('stream_options') && 'stream_options' in params) {
    delete params.stream_options;
    return true;
  }
  if (text.includes('max_tokens') && 'max_tokens' in params) {
    params.max_completion_tokens = params.max_tokens;
    delete params.max_tokens;
    return true;
  }
  if (text.includes('temperature') && 'temperature' in params) {
    delete params.temperature;
    return true;
  }
  return false;
}

/** A stream that went silent after it started: its partial text is not an answer. */
function stalled(seconds: number, partial: string): AppError {
  return new AppError(
    'TIMEOUT',
    `No data from the LLM for ${seconds} s: the answer is incomplete (${partial.length} characters arrived) and was not saved; ask again, or raise the LLM timeout`,
  );
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((done, fail) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      done();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      fail(new AppError('CANCELLED', 'The analysis was cancelled'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Streams one chat completion. Transient failures (429, 5xx, timeouts, dropped connections) are
 * retried with backoff — only before the first token, so no text is ever repeated — and announced
 * through `onStatus`; aborting `hooks.signal` aborts the HTTP request itself.
 */
export async function streamChat(
  endpoint: LlmEndpoint,
  messages: ChatMessages,
  hooks: StreamHooks,
): Promise<ChatOutcome> {
  const { settings } = endpoint;
  const client = await clientFor(endpoint);
  const params: Record<string, unknown> = {
    model: settings.model,
    messages: [
      { role: 'system', content: messages.system },
      { role: 'user', content: messages.user },
    ],
    temperature: settings.temperature,
    max_tokens: settings.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  };
  let attempt = 0;
  let adjustments = 0;
  for (;;) {
    if (hooks.signal.aborted) throw new AppError('CANCELLED', 'The analysis was cancelled');
    const controller = new AbortController();
    const forward = () => controller.abort();
    hooks.signal.addEventListener('abort', forward, { once: true });
    let idle = false;
    let watchdog: NodeJS.Timeout | undefined;
    // The client's timeout covers the wait for response headers; this one covers a stream gone silent.
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        idle = true;
        controller.abort();
      }, settings.timeoutSeconds * 1000);
    };
    let text = '';
    try {
      arm();
      const stream = await client.chat.completions.create(
        params as unknown as ChatCompletionCreateParamsStreaming,
        { signal: controller.signal },
      );
      let model = settings.model;
      let usage: ChatOutcome['usage'] = null;
      let finish: string | null = null;
      let chunks = 0;
      for await (const chunk of stream) {
        arm();
        chunks++;
        if (chunk.model) model = chunk.model;
        if (chunk.usage)
          usage = {
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
          };
        const choice = chunk.choices[0];
        if (choice?.finish_reason) finish = choice.finish_reason;
        const delta = choice?.delta?.content;
        if (delta) {
          text += delta;
          hooks.onDelta(delta);
        }
      }
      if (hooks.signal.aborted) throw new AppError('CANCELLED', 'The analysis was cancelled');
      // The SDK ends the iteration quietly when its request is aborted: a silent stream the
      // watchdog cut is a failure, never a finished answer (it would be saved and cached).
      if (idle)
        throw text
          ? stalled(settings.timeoutSeconds, text)
          : new (await loadOpenAI()).APIConnectionTimeoutError();
      if (finish === 'length') {
        const note = `\n\n_(The answer was cut at the limit of ${settings.maxTokens} tokens.)_\n`;
        text += note;
        hooks.onDelta(note);
      }
      if (chunks === 0) throw malformedAnswer(settings.baseUrl, 'the reply held no stream events');
      if (!text.trim())
        throw new AppError('LLM_FAILED', `The model "${settings.model}" returned an empty answer`);
      return { text, model, usage };
    } catch (err) {
      if (hooks.signal.aborted) throw new AppError('CANCELLED', 'The analysis was cancelled');
      if (err instanceof AppError) throw err;
      if (idle && text !== '') throw stalled(settings.timeoutSeconds, text);
      const failure = classifyLlmError(err, endpoint, { idle, midStream: text.length > 0 });
      if (adjustments < 3 && text === '' && adjustForRefusal(params, failure)) {
        adjustments++;
        continue;
      }
      attempt++;
      if (!failure.transient || text !== '' || attempt >= MAX_ATTEMPTS) throw failure.error(attempt);
      const wait = retryDelayMs(attempt, failure.retryAfterMs);
      hooks.onStatus(describeRetry(failure, wait, attempt + 1, MAX_ATTEMPTS));
      await sleep(wait, hooks.signal);
    } finally {
      clearTimeout(watchdog);
      hooks.signal.removeEventListener('abort', forward);
    }
  }
}

/**
 * A non-streaming chat completion, its shape checked: a 200 that is no completion (a sign-in page,
 * a proxy's status JSON) is named as the endpoint answering but not as the API, with status and type.
 */
export async function createCompletion(
  endpoint: LlmEndpoint,
  params: OpenAI.ChatCompletionCreateParamsNonStreaming,
  options: { signal?: AbortSignal },
): Promise<OpenAI.ChatCompletion> {
  const { data, response } = await (
    await clientFor(endpoint)
  ).chat.completions
    .create(params, options)
    .withResponse();
  const body = data as unknown;
  if (typeof body === 'object' && body !== null && Array.isArray((body as { choices?: unknown }).choices))
    return data;
  const type = response.headers.get('content-type') || 'no content type';
  const sample = typeof body === 'string' ? body : JSON.stringify(body);
  throw new AppError(
    'LLM_FAILED',
    `The LLM endpoint ${endpoint.settings.baseUrl} answered (HTTP ${response.status}, ${type}) but not like an OpenAI-compatible API: check that the base URL is the API's (usually ending in /v1), not a web page`,
    redact(String(sample ?? '')).slice(0, 300),
  );
}

/** One tiny non-streaming request, to check base URL, key and model; no retries, errors as in the analysis. */
export async function testChat(
  endpoint: LlmEndpoint,
  signal?: AbortSignal,
): Promise<{ model: string; reply: string; latencyMs: number }> {
  const params: Record<string, unknown> = {
    model: endpoint.settings.model,
    messages: [{ role: 'user', content: 'Reply with the single word OK.' }],
    max_tokens: 16,
    temperature: 0,
  };
  const started = Date.now();
  for (let adjustments = 0; ; adjustments++) {
    try {
      const completion = await createCompletion(
        endpoint,
        params as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming,
        signal ? { signal } : {},
      );
      const reply = completion.choices[0]?.message?.content ?? '';
      return {
        model: completion.model || endpoint.settings.model,
        reply: reply.trim().slice(0, 200),
        latencyMs: Date.now() - started,
      };
    } catch (err) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'The test was cancelled');
      if (err instanceof AppError) throw err;
      const failure = classifyLlmError(err, endpoint, { idle: false, midStream: false });
      if (adjustments < 3 && adjustForRefusal(params, failure)) continue;
      throw failure.error(1);
    }
  }
}
