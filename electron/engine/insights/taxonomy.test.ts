import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FailureCategory } from '../../../shared/taxonomy.ts';
import { fillTemplate } from '../demo/generator.ts';
import { Random } from '../demo/random.ts';
import { categorizeError, categorizePattern } from './taxonomy.ts';

interface Case {
  /** Where the text was published: LiteLLM's source or an issue that quotes a LiteLLM/provider error. */
  source: string;
  errorType: string | null;
  statusCode: string | null;
  message: string;
  expected: FailureCategory;
}

/**
 * Real error texts, as LiteLLM logs them (or as the provider returns them inside LiteLLM's wrapper),
 * each with the public page it was copied from. Secrets in them were already masked by their authors.
 */
const PROVIDER_TEXTS: Case[] = [
  {
    source: 'https://github.com/jasonacox/TinyLLM/issues/17 (LiteLLM proxy, Azure)',
    errorType: 'RateLimitError',
    statusCode: '429',
    message:
      "litellm.RateLimitError: AzureException RateLimitError - Error code: 429 - {'error': {'code': '429', 'message': 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2023-05-15 have exceeded token rate limit of your current AIServices S0 pricing tier. Please retry after 86400 seconds. Please contact Azure support service if you would like to further increase the default rate limit.'}}\nReceived Model Group=azure-gpt-4o-mini\nAvailable Model Group Fallbacks=None",
    expected: 'rate_limit',
  },
  {
    source: 'https://github.com/assafelovic/gpt-researcher/issues/936 (Azure embeddings)',
    errorType: 'RateLimitError',
    statusCode: '429',
    message:
      "openai.RateLimitError: Error code: 429 - {'error': {'code': '429', 'message': 'Requests to the Embeddings_Create Operation under Azure OpenAI API version 2024-02-15-preview have exceeded call rate limit of your current OpenAI S0 pricing tier. Please retry after 86400 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.'}}",
    expected: 'rate_limit',
  },
  {
    source: 'https://github.com/OpenHands/OpenHands/issues/998 (LiteLLM, OpenAI)',
    errorType: 'RateLimitError',
    statusCode: '429',
    message:
      "OpenAIException - Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}",
    expected: 'quota',
  },
  {
    source: 'https://github.com/The-PR-Agent/pr-agent/issues/2292 (LiteLLM, Anthropic)',
    errorType: 'AuthenticationError',
    statusCode: '401',
    message:
      'litellm.AuthenticationError: AnthropicException - {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CZRJKw2HYvZXX8mSK2LHr"}',
    expected: 'auth',
  },
  {
    source: 'https://github.com/BerriAI/litellm/issues/589 (Bedrock throttling, LiteLLM CI)',
    errorType: null,
    statusCode: null,
    message:
      'An error occurred (throttlingException) when calling the InvokeModelWithResponseStream operation: Too many requests, please wait before trying again. You have sent too many requests.  Wait before trying again.',
    expected: 'rate_limit',
  },
  {
    source: 'https://github.com/anthropics/claude-code/issues/236 (Bedrock)',
    errorType: null,
    statusCode: '429',
    message: '429 Too many tokens, please wait before trying again.',
    expected: 'rate_limit',
  },
  {
    source: 'https://github.com/aws-samples/foundation-model-benchmarking-tool/issues/247 (LiteLLM, Bedrock)',
    errorType: 'APIConnectionError',
    statusCode: '500',
    message:
      "litellm.APIConnectionError: Bad response code, expected 200: {'status_code': 400, 'headers': {':exception-type': 'serviceUnavailableException', ':content-type': 'application/json', ':message-type': 'exception'}, 'body': b'{\"message\":\"Bedrock is unable to process your request.\"}'}",
    expected: 'provider_outage',
  },
  {
    source: 'https://github.com/Aider-AI/aider/issues/1263 (LiteLLM, Vertex/Gemini)',
    errorType: 'RateLimitError',
    statusCode: '429',
    message:
      'litellm.llms.vertex_httpx.VertexAIError: {\n  "error": {\n    "code": 429,\n    "message": "Resource has been exhausted (e.g. check quota).",\n    "status": "RESOURCE_EXHAUSTED"\n  }\n}',
    expected: 'rate_limit',
  },
  {
    source: 'https://github.com/OpenHands/OpenHands/issues/311 (LiteLLM, Ollama)',
    errorType: 'APIConnectionError',
    statusCode: '500',
    message: 'litellm.llms.ollama.OllamaError: {"error":"model \'llama2\' not found, try pulling it first"}',
    expected: 'auth',
  },
  {
    source:
      'https://github.com/BerriAI/litellm/blob/main/docs/my-website/docs/exception_mapping.md (ContextWindowExceededError, status 400)',
    errorType: 'ContextWindowExceededError',
    statusCode: '400',
    message:
      'litellm.ContextWindowExceededError: ContextWindowExceededError: OpenAIException - Error code: 400',
    expected: 'context_length',
  },
  {
    source:
      'https://github.com/BerriAI/litellm/blob/main/docs/my-website/docs/exception_mapping.md (ServiceUnavailableError, 503)',
    errorType: 'ServiceUnavailableError',
    statusCode: '503',
    message: 'litellm.ServiceUnavailableError: ServiceUnavailableError',
    expected: 'provider_outage',
  },
  {
    source:
      'https://github.com/BerriAI/litellm/blob/main/docs/my-website/docs/exception_mapping.md (UnprocessableEntityError, 422)',
    errorType: 'UnprocessableEntityError',
    statusCode: '422',
    message: 'litellm.UnprocessableEntityError: UnprocessableEntityError',
    expected: 'bad_request',
  },
];

interface ScenarioFile {
  errors: Record<string, { errorClass: string; status: string; messages: Record<string, string> }>;
}

/** Every error message the demo produces, filled in as the generator fills it. */
function demoCases(): (Case & { key: string })[] {
  const scenario = JSON.parse(
    readFileSync(new URL('../../../resources/demo/scenario.json', import.meta.url), 'utf8'),
  ) as ScenarioFile;
  const expected: Record<string, FailureCategory> = {
    RateLimitError: 'rate_limit',
    Timeout: 'timeout',
    ContentFilter: 'content_filter',
    ContextWindowExceededError: 'context_length',
    AuthenticationError: 'auth',
    AnthropicOverloaded: 'provider_outage',
    VertexUnavailable: 'provider_outage',
    APIConnectionError: 'timeout',
    NotFoundError: 'auth',
  };
  const rnd = new Random(7);
  return Object.entries(scenario.errors).flatMap(([key, e]) =>
    Object.entries(e.messages).map(([provider, template]) => ({
      key: `${key}/${provider}`,
      source: 'resources/demo/scenario.json (texts of LiteLLM 1.5x logs)',
      errorType: e.errorClass,
      statusCode: e.status,
      message: fillTemplate(template, rnd, { group: 'gpt-4o', apiHost: '10.20.3.14' }),
      expected: expected[key] ?? 'unknown',
    })),
  );
}

describe('failure taxonomy rules', () => {
  it('names every class of error the demo produces', () => {
    const cases = demoCases();
    expect(cases.length).toBeGreaterThanOrEqual(11);
    for (const c of cases) {
      const got = categorizeError(c);
      expect({ key: c.key, category: got.category }).toEqual({ key: c.key, category: c.expected });
      expect(got.categorySource).toBe('rules');
    }
  });

  it.each(PROVIDER_TEXTS)('$expected: $source', (c) => {
    const got = categorizeError(c);
    expect(got.category).toBe(c.expected);
    expect(got.categoryReason).toMatch(/: /);
    expect(got.categoryCheck.length).toBeGreaterThan(10);
  });

  it('reads the quota case before the rate limit it is wrapped in', () => {
    expect(
      categorizeError({
        errorType: 'RateLimitError',
        statusCode: '429',
        message: "'type': 'insufficient_quota'",
      }).category,
    ).toBe('quota');
  });

  it('falls back to the exception class, then the status code, then unknown', () => {
    expect(
      categorizeError({ errorType: 'litellm.RateLimitError', statusCode: null, message: 'nothing said' })
        .category,
    ).toBe('rate_limit');
    expect(
      categorizeError({ errorType: 'SomethingNew', statusCode: '502', message: 'nothing said' }).category,
    ).toBe('provider_outage');
    const none = categorizeError({ errorType: 'SomethingNew', statusCode: null, message: 'nothing said' });
    expect(none).toMatchObject({ category: 'unknown', categorySource: 'none' });
    expect(none.categoryReason).toContain('SomethingNew');
  });

  it('categorizes a pattern from its example, then from its template and most frequent type', () => {
    const base = {
      id: 'x',
      template: 'weird <*>',
      count: 1,
      share: 1,
      firstSeen: 't',
      lastSeen: 't',
      models: [],
      keyAliases: [],
      errorTypes: [{ value: 'Timeout', count: 1 }],
      series: [],
      previousCount: null,
      change: null,
      example: {
        requestId: 'r',
        time: 't',
        model: null,
        keyAlias: null,
        errorType: 'Other',
        statusCode: null,
        message: 'weird 1',
      },
    };
    expect(categorizePattern(base).category).toBe('timeout');
    expect(
      categorizePattern({
        ...base,
        example: { ...base.example, message: 'Request timed out.' },
        errorTypes: [],
      }).category,
    ).toBe('timeout');
  });
});
