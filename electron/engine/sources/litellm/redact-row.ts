import { redactSecrets } from '../../../../shared/redact-secrets.ts';

/** Field names whose value is a credential whatever it looks like (LiteLLM metadata, request kwargs, headers). */
const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api[-_]?key|.*_api_key|password|passwd|.*secret.*|.*_token|token|credentials?|.*_credentials)$/i;

const MAX_STRING = 100_000;

export const REDACTED = '[REDACTED]';

function redactString(text: string): string {
  const clipped =
    text.length > MAX_STRING
      ? `${text.slice(0, MAX_STRING)}… [${text.length - MAX_STRING} more characters]`
      : text;
  return redactSecrets(clipped);
}

/** Deep copy of a JSON value with credentials replaced: by field name, and by pattern inside any text. */
export function redactJson(value: unknown, key?: string): unknown {
  if (
    key !== undefined &&
    SECRET_KEY.test(key) &&
    value !== null &&
    value !== '' &&
    typeof value !== 'object'
  ) {
    return REDACTED;
  }
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redactJson(v));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactJson(v, k);
    return out;
  }
  return value;
}
