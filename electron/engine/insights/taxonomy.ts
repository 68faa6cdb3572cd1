import type { ErrorPattern, GroupedPattern } from '../../../shared/analysis.ts';
import type { FailureCategory } from '../../../shared/taxonomy.ts';

/** What the rules look at: LiteLLM's exception class, the HTTP status, the message text. */
export interface FailureEvidence {
  errorType: string | null;
  statusCode: string | null;
  message: string;
}

export interface Categorized {
  category: FailureCategory;
  categoryReason: string;
  categoryCheck: string;
  categorySource: ErrorPattern['categorySource'];
}

interface CategoryText {
  explanation: string;
  check: string;
}

/** The one-line explanation and what to check, per category (rules and the LLM fallback share the wording). */
export const CATEGORY_TEXT: Record<FailureCategory, CategoryText> = {
  rate_limit: {
    explanation: 'The provider throttled the requests (rate limit, HTTP 429)',
    check:
      "the deployment's TPM/RPM limits, which keys drive the traffic, retries and fallbacks to another deployment",
  },
  quota: {
    explanation: 'A quota, budget or billing limit is used up',
    check: 'the provider account plan and billing, the LiteLLM key/team budget, and when the quota resets',
  },
  auth: {
    explanation:
      'The gateway could not authenticate with the provider, or the model/deployment is not set up',
    check:
      'the API key or credentials in the LiteLLM config, their permissions, and the model/deployment name',
  },
  context_length: {
    explanation: "The request is larger than the model's context window",
    check:
      'which client sends the long prompts, max_tokens, trimming or summarising history, a context-window fallback',
  },
  content_filter: {
    explanation: "The provider's content filter refused the prompt or the answer",
    check: 'the content filter policy of the deployment and what the affected client sends',
  },
  timeout: {
    explanation: 'The request timed out or the provider could not be reached',
    check:
      'network path and DNS to the provider, the timeout setting, a slow or hung self-hosted model server',
  },
  provider_outage: {
    explanation: 'The provider failed on its side (5xx, overloaded or unavailable)',
    check: "the provider's status page, which region/deployment fails, fallbacks to another provider",
  },
  bad_request: {
    explanation: 'The provider rejected the request as invalid (client bad request)',
    check:
      'the parameters the client sends (unsupported params, malformed messages or tools) and the model name',
  },
  unknown: {
    explanation: 'No rule recognises this error',
    check: 'the full message of an example error',
  },
};

export interface Rule {
  category: FailureCategory;
  /** Lower-case substrings of the message; any one matches. */
  text?: readonly string[];
  /** LiteLLM exception classes (the error type column), exact. */
  types?: readonly string[];
}

/**
 * Message rules first, most specific first: LiteLLM wraps many failures in a broader class (an
 * `insufficient_quota` comes as RateLimitError, a refused connection as APIConnectionError with 500),
 * and the provider's own words say what happened. Order matters: quota before rate limit, network
 * before outage, context window and content filter before bad request.
 */
export const MESSAGE_RULES: readonly Rule[] = [
  {
    category: 'content_filter',
    text: [
      'content management policy',
      'content_filter',
      'content_policy_violation',
      'content policy',
      'responsible ai',
      'safety settings',
      'finishreason: safety',
      '"finish_reason":"content_filter"',
      'guardrail intervened',
      'blocked by guardrail',
      'prompt was blocked',
    ],
  },
  {
    category: 'context_length',
    text: [
      'maximum context length',
      'context_length_exceeded',
      'context window',
      'prompt is too long',
      'input is too long',
      'reduce the length of the messages',
      'too many input tokens',
      'exceeds the maximum number of tokens',
      'maximum number of tokens allowed',
      'string too long',
    ],
  },
  {
    // A provider's throttle code wins over the billing words some put beside it (DashScope's
    // `Throttling.AllocationQuota` says "exceeded your current quota" for a per-minute limit).
    category: 'rate_limit',
    text: ['throttling.', 'throttlingexception'],
  },
  {
    category: 'quota',
    text: [
      'insufficient balance',
      'insufficient_balance',
      'insufficient_quota',
      'exceeded your current quota',
      'check your plan and billing',
      'credit balance is too low',
      'billing',
      'budget has been exceeded',
      'exceeded budget',
      'max budget',
      'payment required',
    ],
  },
  {
    category: 'rate_limit',
    text: [
      'rate limit',
      'ratelimit',
      'rate_limit',
      'too many requests',
      'too many tokens, please wait',
      'throttl',
      'resource exhausted',
      'resource has been exhausted',
      'resource_exhausted',
      'tokens per min',
      'requests per min',
      'please retry after',
      '速率限制',
      '访问量过大',
    ],
  },
  {
    category: 'auth',
    text: [
      'incorrect api key',
      'invalid api key',
      'invalid x-api-key',
      'api key not valid',
      'invalid_api_key',
      'authentication_error',
      'authentication method',
      'unauthorized',
      'permission denied',
      'permission_denied',
      'access denied',
      'accessdeniedexception',
      'unrecognizedclientexception',
      'security token included in the request is invalid',
      'does not exist or you do not have access',
      'deploymentnotfound',
      'model_not_found',
      'try pulling it first',
      'no deployments available',
    ],
  },
  {
    category: 'timeout',
    text: [
      'timed out',
      'timeout',
      'deadline exceeded',
      'deadline_exceeded',
      'cannot connect to host',
      'connect call failed',
      'connection refused',
      'connection reset',
      'connection error',
      'econnrefused',
      'econnreset',
      'name or service not known',
      'temporary failure in name resolution',
      'server disconnected',
    ],
  },
  {
    category: 'provider_outage',
    text: [
      'overloaded',
      'service unavailable',
      'serviceunavailable',
      '"unavailable"',
      'internal server error',
      'internal_server_error',
      'bad gateway',
      'the server had an error',
      'unable to process your request',
    ],
  },
  {
    category: 'bad_request',
    text: [
      'invalid_request_error',
      'unsupportedparamserror',
      'unsupported parameter',
      'unsupported value',
      'invalid parameter',
      'validationexception',
      'invalid_argument',
      'unprocessable entity',
    ],
  },
];

/** When the message says nothing known: LiteLLM's exception class, then the status code. */
export const TYPE_RULES: readonly Rule[] = [
  { category: 'content_filter', types: ['ContentPolicyViolationError'] },
  { category: 'context_length', types: ['ContextWindowExceededError'] },
  { category: 'quota', types: ['BudgetExceededError', 'ExceededBudget'] },
  { category: 'rate_limit', types: ['RateLimitError'] },
  { category: 'auth', types: ['AuthenticationError', 'PermissionDeniedError', 'NotFoundError'] },
  { category: 'timeout', types: ['Timeout', 'APITimeoutError', 'APIConnectionError'] },
  { category: 'provider_outage', types: ['InternalServerError', 'ServiceUnavailableError', 'APIError'] },
  {
    category: 'bad_request',
    types: [
      'BadRequestError',
      'UnprocessableEntityError',
      'UnsupportedParamsError',
      'InvalidRequestError',
      'JSONSchemaValidationError',
    ],
  },
];

/** HTTP statuses as written (three digits), per category; 5xx is every status from 500 to 599. */
export const STATUS_RULES: readonly { category: FailureCategory; statuses: readonly string[] | '5xx' }[] = [
  { category: 'rate_limit', statuses: ['429'] },
  { category: 'quota', statuses: ['402'] },
  { category: 'auth', statuses: ['401', '403', '404'] },
  { category: 'timeout', statuses: ['408', '504'] },
  { category: 'provider_outage', statuses: '5xx' },
  { category: 'bad_request', statuses: ['400', '413', '422'] },
];

/*
 * The rules see the text, type and status the same way in TypeScript and in SQL (category-sql.ts
 * builds their CASE from these tables): lower case, control whitespace as spaces, runs of up to 8
 * spaces as one, and only spaces trimmed — each step one that every engine's REPLACE/TRIM repeats.
 */
const CONTROL_SPACE = /[\t\n\v\f\r]/g;
export const SPACE_PASSES = 3;
export function normalizeForRules(message: string): string {
  let out = message.toLowerCase().replace(CONTROL_SPACE, ' ');
  for (let i = 0; i < SPACE_PASSES; i++) out = out.replaceAll('  ', ' ');
  return out;
}
const trimSpaces = (s: string) => s.replace(/^ +| +$/g, '');

/** `litellm.RateLimitError` and `RateLimitError` are the same class. */
export const typeName = (t: string | null) => trimSpaces(t ?? '').replace(/^litellm\./, '');

/** The rule status of a status column's value: three digits, else none. */
export function statusOf(statusCode: string | null): string | null {
  const s = trimSpaces(statusCode ?? '');
  return /^[0-9]{3}$/.test(s) ? s : null;
}

const statusMatches = (rule: (typeof STATUS_RULES)[number], s: string) =>
  rule.statuses === '5xx' ? s >= '500' && s <= '599' : rule.statuses.includes(s);

const quote = (s: string) => (s.length > 60 ? `${s.slice(0, 59)}…` : s);

function named(category: FailureCategory, because: string): Categorized {
  const text = CATEGORY_TEXT[category];
  return {
    category,
    categoryReason: `${text.explanation}: ${because}`,
    categoryCheck: text.check,
    categorySource: 'rules',
  };
}

/** The deterministic category of one error, or `unknown` (then the LLM may be asked). */
export function categorizeError(e: FailureEvidence): Categorized {
  const message = normalizeForRules(e.message);
  for (const rule of MESSAGE_RULES) {
    const hit = rule.text?.find((t) => message.includes(t));
    if (hit) return named(rule.category, `the message says "${quote(hit)}"`);
  }
  const type = typeName(e.errorType);
  for (const rule of TYPE_RULES) {
    if (rule.types?.includes(type)) return named(rule.category, `LiteLLM raised ${type}`);
  }
  const status = statusOf(e.statusCode);
  if (status) {
    for (const rule of STATUS_RULES)
      if (statusMatches(rule, status)) return named(rule.category, `HTTP status ${status}`);
  }
  return {
    category: 'unknown',
    categoryReason: `${CATEGORY_TEXT.unknown.explanation} (type ${type || 'none'}, status ${e.statusCode ?? 'none'})`,
    categoryCheck: CATEGORY_TEXT.unknown.check,
    categorySource: 'none',
  };
}

/** A pattern's category from its example error, its template and its most frequent error type. */
export function categorizePattern<P extends GroupedPattern>(p: P): P & Categorized {
  const ex = p.example;
  const fromExample = categorizeError({
    errorType: ex.errorType,
    statusCode: ex.statusCode,
    message: `${ex.message}\n${p.template}`,
  });
  if (fromExample.category !== 'unknown') return { ...p, ...fromExample };
  const topType = p.errorTypes[0]?.value ?? null;
  return { ...p, ...categorizeError({ errorType: topType, statusCode: ex.statusCode, message: p.template }) };
}
