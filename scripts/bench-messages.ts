import { Random } from '../electron/engine/demo/random.ts';
import { demoScenario } from '../electron/engine/demo/scenario.ts';

/**
 * LiteLLM error messages for the pattern benchmark: the demo scenario's templates plus messages
 * seen from LiteLLM proxies in the wild (provider exceptions, proxy auth and budget errors, router
 * cooldowns, streaming parse errors). Placeholders: {int:a-b} {float:a-b} {alnum:n} {hex:n} {uuid}
 * {email} {ip} {url} {group} {word}.
 */
const EXTRA_TEMPLATES = [
  `litellm.BadRequestError: OpenAIException - Error code: 400 - {'error': {'message': "Invalid 'messages[{int:1-40}].content': string too long. Expected a string with maximum length 1048576, but got a string with length {int:1048577-2000000} instead.", 'type': 'invalid_request_error', 'param': 'messages[{int:1-40}].content', 'code': 'string_above_max_length'}}`,
  `litellm.APIConnectionError: APIConnectionError: OpenAIException - Connection error. Received Model Group={group} Available Model Group Fallbacks=None LiteLLM Retried: {int:1-3} times, LiteLLM Max Retries: 3`,
  `litellm.InternalServerError: InternalServerError: OpenAIException - Error code: 500 - {'error': {'message': 'The server had an error while processing your request. Sorry about that!', 'type': 'server_error', 'param': None, 'code': None}}`,
  'Authentication Error, Invalid proxy server token passed. Received API Key = sk-...{alnum:4}, Key Hash (Token) ={hex:64}. Unable to find token in cache or `LiteLLM_VerificationTokenTable`',
  'Budget has been exceeded! Current cost: {float:100-200}, Max budget: 100.0',
  'ExceededTokenBudget: Current spend for token: {float:50-90}; Max Budget for Token: 50.0',
  'Max parallel request limit reached. Hit limit for api_key: {hex:64}. tpm_limit: {int:1000-100000}, current_tpm: {int:1000-100000}, rpm_limit: {int:10-600}, current_rpm: {int:10-600}.',
  'litellm.RateLimitError: VertexAIException - {"error": {"code": 429, "message": "Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/quotas#error-code-429 for more details.", "status": "RESOURCE_EXHAUSTED"}}',
  'litellm.BadRequestError: BedrockException - {"message":"The model returned the following errors: messages.{int:0-20}.content.{int:0-5}.image.source.base64: image exceeds 5 MB maximum: {int:5242881-9000000} bytes > 5242880 bytes"}',
  'litellm.Timeout: Connection timed out after {float:1-30} seconds.',
  "litellm.ServiceUnavailableError: No deployments available for selected model, Try again in {int:5-60} seconds. Passed model={group}. pre-call-checks=False, cooldown_list=[('{hex:32}', {'exception_received': 'litellm.RateLimitError', 'status_code': '429'})]",
  'litellm.NotFoundError: AzureException NotFoundError - The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
  'Invalid model name passed in model={word}. Call `/v1/models` to view available models for your key.',
  'litellm.APIError: APIError: GroqException - Service Unavailable, request id {uuid}',
  'Request timed out for deployment {hex:16} after {int:30-600}s, request_id=req_{alnum:24}',
  'litellm.BadRequestError: AnthropicException - {"type":"error","error":{"type":"invalid_request_error","message":"messages.{int:1-50}: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_{alnum:24}. Each `tool_use` block must have a corresponding `tool_result` block in the next message."}}',
  'litellm.UnprocessableEntityError: OpenAIException - Error code: 422 - Unprocessable entity for user {email}',
  'litellm.APIConnectionError: Ollama_chatException - [Errno 111] Connection refused at http://{ip}:11434/api/chat',
  "LiteLLM Virtual Key expected. Received={alnum:12}, expected to start with 'sk-'.",
  "Key is blocked. Update via `/key/unblock` if you're admin.",
  'User {email} over budget. Spend={float:10-99}, Budget={float:1-9}',
  "litellm.BadRequestError: OpenAIException - Invalid value for 'response_format': json_schema is not supported with model {group}",
  'Error parsing chunk: Expecting property name enclosed in double quotes: line 1 column {int:2-400} (char {int:1-399}), received chunk id {uuid}',
  'httpx.ReadError: [Errno 104] Connection reset by peer while reading response from {url}',
  'Cannot parse response from Azure: <html><head><title>502 Bad Gateway</title></head></html>',
  'litellm.RateLimitError: AnthropicException - {"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization ({uuid}) of {int:20000-400000} input tokens per minute."}}',
  'Guardrail {word} blocked the request: detected {word} in message {int:0-10}',
  'litellm.AuthenticationError: AzureException AuthenticationError - Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  "litellm.BadRequestError: OpenAIException - This model's maximum context length is 8192 tokens. However, you requested {int:8193-20000} tokens ({int:100-8000} in the messages, {int:100-8000} in the completion). Please reduce the length of the messages or completion.",
  "Tried calling /chat/completions for model {group}, but the model's tpm limit of {int:1000-9000} was exceeded on deployment {uuid}",
];

const WORDS = [
  'pii-filter',
  'prompt-shield',
  'llama-guard',
  'toxicity',
  'secrets',
  'jailbreak',
  'mixtral',
  'qwen',
  'phi',
  'deepseek',
];
const GROUPS = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'gemini-1.5-pro', 'llama-3.1-70b', 'o3-mini'];

export function benchTemplates(): string[] {
  const fromScenario = Object.values(demoScenario.errors).flatMap((e) => Object.values(e.messages));
  return [...fromScenario, ...EXTRA_TEMPLATES];
}

function fill(template: string, rnd: Random): string {
  return template.replace(
    /\{(\w+)(?::([\d.]+)(?:-([\d.]+))?)?\}/g,
    (_m, kind: string, a?: string, b?: string) => {
      switch (kind) {
        case 'int':
          return String(rnd.int(Number(a), Number(b)));
        case 'float':
          return (Number(a) + rnd.next() * (Number(b) - Number(a))).toFixed(2);
        case 'alnum':
          return rnd.alnum(Number(a));
        case 'hex':
          return rnd.hex(Number(a));
        case 'uuid':
          return rnd.uuid();
        case 'email':
          return `${rnd.alnum(6).toLowerCase()}@${rnd.pick(['acme.example', 'corp.example'])}`;
        case 'ip':
        case 'apiHost':
          return `10.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`;
        case 'url':
          return `https://${rnd.pick(['api.openai.com', 'contoso-eu.openai.azure.com', 'api.anthropic.com'])}/v1/${rnd.alnum(8)}`;
        case 'group':
          return rnd.pick(GROUPS);
        case 'word':
          return rnd.pick(WORDS);
        default:
          return '';
      }
    },
  );
}

/**
 * `count` messages in batches (never all in memory), each labelled with the template it came from.
 * Template frequencies follow a Zipf law, so a few dominate and the rarest appear some hundred times.
 */
export function* messageBatches(
  count: number,
  batchSize = 10_000,
  seed = 7,
): Generator<{ messages: string[]; labels: number[] }> {
  const rnd = new Random(seed);
  const templates = benchTemplates();
  const weights = templates.map((_, i) => 1 / (i + 1));
  const cumulative: number[] = [];
  weights.reduce((sum, w) => (cumulative.push(sum + w), sum + w), 0);
  const total = cumulative[cumulative.length - 1]!;
  for (let done = 0; done < count; done += batchSize) {
    const n = Math.min(batchSize, count - done);
    const messages: string[] = new Array(n);
    const labels: number[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const r = rnd.next() * total;
      let t = 0;
      while (cumulative[t]! < r) t++;
      labels[i] = t;
      messages[i] = fill(templates[t]!, rnd);
    }
    yield { messages, labels };
  }
}
