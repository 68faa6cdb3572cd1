import type OpenAI from 'openai';
import { z } from 'zod';
import { AppError, describeZodError } from '../../../shared/errors.ts';
import { createCompletion } from './llm-client.ts';
import type { LlmEndpoint } from './llm-endpoint.ts';
import { classifyLlmError } from './llm-errors.ts';

const CONNECTION_ATTEMPTS = 2;

export interface ToolRequest<T extends z.ZodType> {
  system: string;
  user: string;
  /** The one function the model must call; its parameters are the schema's JSON Schema. */
  name: string;
  description: string;
  schema: T;
  maxTokens?: number;
  signal?: AbortSignal;
}

export interface ToolAnswer<T> {
  value: T;
  model: string;
}

/** Tool-call arguments, or a JSON object in the text for servers that ignore `tools` (fences allowed). */
function argumentsOf(message: OpenAI.ChatCompletionMessage | undefined): string | null {
  const call = message?.tool_calls?.find((c) => c.type === 'function');
  if (call && call.type === 'function') return call.function.arguments;
  const text = message?.content?.trim();
  if (!text) return null;
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  return fenced ? fenced[1]!.trim() : text;
}

/**
 * One non-streaming request that forces a function call, its arguments parsed and validated with
 * zod. A model that answers with something else gets LLM_FAILED naming what did not fit, never a
 * guess: the callers show the error instead of acting on it.
 */
export async function callTool<T extends z.ZodType>(
  endpoint: LlmEndpoint,
  request: ToolRequest<T>,
): Promise<ToolAnswer<z.infer<T>>> {
  const parameters = z.toJSONSchema(request.schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete parameters.$schema;
  const body = {
    model: endpoint.settings.model,
    messages: [
      { role: 'system' as const, content: request.system },
      { role: 'user' as const, content: request.user },
    ],
    tools: [
      {
        type: 'function' as const,
        function: { name: request.name, description: request.description, parameters },
      },
    ],
    tool_choice: { type: 'function' as const, function: { name: request.name } },
    temperature: 0,
    max_tokens: request.maxTokens ?? 1_000,
  };
  let completion: OpenAI.ChatCompletion;
  // A connection that drops before any answer is asked again once, at once, on a new one: a kept-alive
  // socket the server closes just as it is reused is common and harmless. Anything else (429, 5xx, a
  // timeout) is for the user to see now; they can ask again.
  for (let attempt = 1; ; attempt++) {
    try {
      completion = await createCompletion(endpoint, body, request.signal ? { signal: request.signal } : {});
      break;
    } catch (err) {
      if (request.signal?.aborted) throw new AppError('CANCELLED', 'The request to the LLM was cancelled');
      if (err instanceof AppError) throw err;
      const failure = classifyLlmError(err, endpoint, { idle: false, midStream: false });
      if (failure.kind !== 'connection' || attempt >= CONNECTION_ATTEMPTS) throw failure.error(attempt);
    }
  }
  const model = completion.model || endpoint.settings.model;
  const raw = argumentsOf(completion.choices[0]?.message);
  if (raw === null) throw new AppError('LLM_FAILED', `The model "${model}" did not call ${request.name}`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError(
      'LLM_FAILED',
      `The model "${model}" called ${request.name} with arguments that are not JSON`,
      raw.slice(0, 300),
    );
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'LLM_FAILED',
      `The model "${model}" called ${request.name} with arguments that do not fit: ${describeZodError(parsed.error, 'arguments')}`,
    );
  }
  return { value: parsed.data, model };
}
