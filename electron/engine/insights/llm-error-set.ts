import type { FailureCategory } from '../../../shared/taxonomy.ts';

/**
 * Real LLM provider and LiteLLM proxy error strings, labelled with their true pattern and cause, to
 * measure grouping accuracy and cause accuracy (scripts/bench-patterns.ts) and to check that the SQL
 * form of the cause rules agrees with the TypeScript rules (category-sql tests). Each entry's first
 * message is as quoted in its public source; the other messages of an entry are the same error with
 * its variable values (ids, counts, names) changed, as a gateway logs it many times.
 * Where a source shows the message inside a client's own wrapping, that wrapping is dropped (an app's
 * `500: ` prefix, a JSON body's line breaks collapsed to spaces); the DashScope entry is put together
 * from the code, wording and type its source quotes.
 * `decidable`: whether the message and status alone name the cause (false where even a person needs
 * more context); cause accuracy is required to be 100% on the decidable ones.
 */
export interface LabelledError {
  pattern: string;
  provider: string;
  source: string;
  statusCode: string | null;
  errorType: string | null;
  cause: FailureCategory;
  decidable: boolean;
  messages: string[];
}

const req = (n: number) => `req_011CZAau32QzxDkriov${String(n).padStart(6, '0')}`;

export const LLM_ERROR_SET: LabelledError[] = [
  {
    pattern: 'openai-insufficient-quota',
    provider: 'OpenAI',
    source: 'https://github.com/alejandro-ao/chat-with-mysql/issues/1',
    statusCode: '429',
    errorType: 'RateLimitError',
    cause: 'quota',
    decidable: true,
    messages: [
      "RateLimitError: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.', 'type': 'insufficient_quota', 'param': None, 'code': 'insufficient_quota'}}",
    ],
  },
  {
    pattern: 'openai-context-length',
    provider: 'OpenAI',
    source: 'https://github.com/rahul2002m/ChatPDF/issues/6',
    statusCode: '400',
    errorType: 'BadRequestError',
    cause: 'context_length',
    decidable: true,
    messages: [
      "BadRequestError: Error code: 400 - {'error': {'message': \"This model's maximum context length is 4097 tokens. However, your messages resulted in 6988 tokens. Please reduce the length of the messages.\", 'type': 'invalid_request_error', 'param': 'messages', 'code': 'context_length_exceeded'}}",
      "BadRequestError: Error code: 400 - {'error': {'message': \"This model's maximum context length is 128000 tokens. However, your messages resulted in 204308 tokens. Please reduce the length of the messages.\", 'type': 'invalid_request_error', 'param': 'messages', 'code': 'context_length_exceeded'}}",
    ],
  },
  {
    pattern: 'vllm-context-length',
    provider: 'vLLM (OpenAI-compatible)',
    source: 'https://github.com/vllm-project/vllm/issues/20409',
    statusCode: '400',
    errorType: null,
    cause: 'context_length',
    decidable: true,
    messages: [
      "This model's maximum context length is 16384 tokens. However, you requested 122946 tokens (112946 in the messages, 10000 in the completion). Please reduce the length of the messages or completion.",
      "This model's maximum context length is 2048 tokens. However, you requested 2049 tokens (1681 in the messages, 368 in the completion). Please reduce the length of the messages or completion.",
    ],
  },
  {
    pattern: 'azure-content-filter',
    provider: 'Azure OpenAI',
    source: 'https://github.com/stanford-crfm/helm/pull/3327',
    statusCode: '400',
    errorType: null,
    cause: 'content_filter',
    decidable: true,
    messages: [
      "Error code: 400 - {'error': {'message': \"The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766\", 'type': None, 'param': 'prompt', 'code': 'content_filter', 'status': 400}}",
    ],
  },
  {
    pattern: 'azure-deployment-not-found',
    provider: 'Azure OpenAI',
    source: 'https://github.com/rashadphz/farfalle/issues/79',
    statusCode: '404',
    errorType: 'NotFoundError',
    cause: 'auth',
    decidable: true,
    messages: [
      "AzureException NotFoundError - Error code: 404 - {'error': {'code': 'DeploymentNotFound', 'message': 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'}}",
    ],
  },
  {
    pattern: 'litellm-timeout',
    provider: 'LiteLLM',
    source: 'https://github.com/BerriAI/litellm/issues/9849',
    statusCode: '408',
    errorType: 'Timeout',
    cause: 'timeout',
    decidable: true,
    messages: [
      'litellm.Timeout: APITimeoutError - Request timed out. Error_str: Request timed out. - timeout value=120.0, time taken=242.58 seconds',
      'litellm.Timeout: APITimeoutError - Request timed out. Error_str: Request timed out. - timeout value=600.0, time taken=600.31 seconds',
    ],
  },
  {
    pattern: 'anthropic-overloaded-litellm',
    provider: 'Anthropic',
    source: 'https://github.com/SWE-agent/mini-swe-agent/issues/184',
    statusCode: '529',
    errorType: 'InternalServerError',
    cause: 'provider_outage',
    decidable: true,
    messages: [
      'litellm.InternalServerError: AnthropicError - {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    ],
  },
  {
    pattern: 'anthropic-overloaded-sdk',
    provider: 'Anthropic',
    source: 'https://github.com/anthropics/claude-code/issues/35792',
    statusCode: '529',
    errorType: null,
    cause: 'provider_outage',
    decidable: true,
    messages: [
      '529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CZAau32QzxDkriovTaFCB"}',
      `529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"${req(42)}"}`,
    ],
  },
  {
    pattern: 'bedrock-throttling',
    provider: 'AWS Bedrock',
    source: 'https://github.com/i-dot-ai/caddy-chatbot/issues/97',
    statusCode: '429',
    errorType: null,
    cause: 'rate_limit',
    decidable: true,
    messages: [
      'An error occurred (ThrottlingException) when calling the InvokeModel operation (reached max retries: 4): Too many requests, please wait before trying again. You have sent too many requests. Wait before trying again.',
      'An error occurred (ThrottlingException) when calling the InvokeModel operation (reached max retries: 2): Too many requests, please wait before trying again. You have sent too many requests. Wait before trying again.',
    ],
  },
  {
    pattern: 'bedrock-too-many-tokens',
    provider: 'AWS Bedrock',
    source: 'https://github.com/anthropics/claude-code/issues/236',
    statusCode: '429',
    errorType: null,
    cause: 'rate_limit',
    decidable: true,
    messages: ['429 Too many tokens, please wait before trying again.'],
  },
  {
    pattern: 'vertex-resource-exhausted',
    provider: 'Vertex AI',
    source: 'https://github.com/google-gemini/gemini-cli/issues/14831',
    statusCode: '429',
    errorType: 'RateLimitError',
    cause: 'rate_limit',
    decidable: true,
    messages: [
      'litellm.RateLimitError: VertexAIException - {"error": {"code": 429, "message": "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.", "status": "RESOURCE_EXHAUSTED"}}',
    ],
  },
  {
    pattern: 'gemini-api-key-invalid',
    provider: 'Gemini',
    source: 'https://github.com/BerriAI/litellm/issues/14770',
    statusCode: '400',
    errorType: 'AuthenticationError',
    cause: 'auth',
    decidable: true,
    messages: [
      'litellm.AuthenticationError: GeminiException - { "error": { "code": 400, "message": "API key not valid. Please pass a valid API key.", "status": "INVALID_ARGUMENT", "details": [ { "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com", "metadata": { "service": "generativelanguage.googleapis.com" } } ] } }',
    ],
  },
  {
    pattern: 'gemini-free-tier-quota',
    provider: 'Gemini',
    source: 'https://github.com/RooCodeInc/Roo-Code/issues/3883',
    statusCode: '429',
    errorType: null,
    // A per-minute free-tier quota worded as billing: the message alone says "quota".
    cause: 'rate_limit',
    decidable: false,
    messages: [
      '{ "error": { "code": 429, "message": "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.", "status": "RESOURCE_EXHAUSTED" } }',
    ],
  },
  {
    pattern: 'ollama-model-not-pulled',
    provider: 'Ollama',
    source: 'https://github.com/OpenHands/OpenHands/issues/311',
    statusCode: '404',
    errorType: null,
    cause: 'auth',
    decidable: true,
    messages: [
      `litellm.llms.ollama.OllamaError: {"error":"model 'llama2' not found, try pulling it first"}`,
      `litellm.llms.ollama.OllamaError: {"error":"model 'codellama:7b' not found, try pulling it first"}`,
    ],
  },
  {
    pattern: 'deepseek-insufficient-balance',
    provider: 'DeepSeek',
    source: 'https://github.com/Aider-AI/aider/issues/4851',
    statusCode: '400',
    errorType: 'BadRequestError',
    cause: 'quota',
    decidable: true,
    messages: [
      'litellm.BadRequestError: DeepseekException - {"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}',
    ],
  },
  {
    pattern: 'deepseek-402',
    provider: 'DeepSeek',
    source: 'https://github.com/continuedev/continue/issues/9942',
    statusCode: '402',
    errorType: null,
    cause: 'quota',
    decidable: true,
    messages: ['402 Insufficient Balance'],
  },
  {
    pattern: 'zhipu-1302-rate',
    provider: 'Zhipu (GLM)',
    source: 'https://github.com/yilewang/llm-for-zotero/issues/17',
    statusCode: '429',
    errorType: null,
    cause: 'rate_limit',
    decidable: true,
    messages: ['Error: 429 - {"error":{"code":"1302","message":"您的账户已达到速率限制，请您控制请求频率"}}'],
  },
  {
    pattern: 'zhipu-1305-busy',
    provider: 'Zhipu (GLM)',
    source: 'https://github.com/HKUDS/nanobot/pull/3864',
    statusCode: null,
    errorType: null,
    cause: 'rate_limit',
    decidable: true,
    messages: ["{'code': '1305', 'message': '该模型当前访问量过大，请您稍后再试'}"],
  },
  {
    pattern: 'modelscope-glm-rate',
    provider: 'ModelScope (Zhipu GLM)',
    source: 'https://github.com/agentscope-ai/QwenPaw/issues/2038',
    statusCode: '429',
    errorType: 'RateLimitError',
    cause: 'rate_limit',
    decidable: true,
    messages: [
      "RateLimitError: Error code: 429 - {'error': {'message': 'We have to rate limit you for model ZhipuAI/GLM-5. If you need higher limits, please consider other (commercial) API providers.', 'request_id': 'bd8d7fb0-9af3-4073-98e8-3b1e59267063'}}",
      "RateLimitError: Error code: 429 - {'error': {'message': 'We have to rate limit you for model Qwen/Qwen3-32B. If you need higher limits, please consider other (commercial) API providers.', 'request_id': '0c1d2e3f-4a5b-4c6d-8e7f-901234567890'}}",
    ],
  },
  {
    pattern: 'dashscope-throttling',
    provider: 'Qwen (DashScope)',
    source: 'https://github.com/can1357/oh-my-pi/pull/8476',
    statusCode: '429',
    errorType: null,
    // DashScope's per-minute throttle, worded like OpenAI's billing error: only its code says throttle.
    cause: 'rate_limit',
    decidable: true,
    messages: [
      "Error code: 429 - {'error': {'code': 'Throttling.AllocationQuota', 'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota', 'param': 'insufficient_quota'}}",
    ],
  },
  {
    pattern: 'litellm-budget-exceeded',
    provider: 'LiteLLM proxy',
    source: 'https://github.com/OpenHands/benchmarks/issues/229',
    statusCode: '400',
    errorType: 'BadRequestError',
    cause: 'quota',
    decidable: true,
    messages: [
      'litellm.BadRequestError: Litellm_proxyException - Budget has been exceeded! Current cost: 1000.0312, Max budget: 1000.0',
      'litellm.BadRequestError: Litellm_proxyException - Budget has been exceeded! Current cost: 76.16, Max budget: 10.0',
    ],
  },
  {
    pattern: 'litellm-no-deployments',
    provider: 'LiteLLM router',
    source: 'https://github.com/BerriAI/litellm/issues/5177',
    statusCode: '429',
    errorType: null,
    // Every deployment cooling down: after rate limits mostly (BerriAI/litellm#20867), but any failure can cause it.
    cause: 'rate_limit',
    decidable: false,
    messages: [
      'No deployments available for selected model, Try again in 60 seconds. Passed model=claude-3-haiku-20240307. Try again in 60 seconds.',
      'No deployments available for selected model, Try again in 5 seconds. Passed model=gpt-4o-mini. Try again in 5 seconds.',
    ],
  },
];
