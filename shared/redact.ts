/** What redaction replaces; each kind can be switched off where the user needs it (e.g. IPs in a network incident). */
export interface RedactionOptions {
  apiKeys: boolean;
  bearerTokens: boolean;
  emails: boolean;
  ipAddresses: boolean;
  urlPasswords: boolean;
}

export const DEFAULT_REDACTION: RedactionOptions = {
  apiKeys: true,
  bearerTokens: true,
  emails: true,
  ipAddresses: true,
  urlPasswords: true,
};

const RULES: {
  kind: keyof RedactionOptions;
  pattern: RegExp;
  replace: string | ((m: string, ...g: string[]) => string);
}[] = [
  // user:password@ in any URL (postgres://, https://…).
  {
    kind: 'urlPasswords',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi,
    replace: '$1:[REDACTED]@',
  },
  { kind: 'bearerTokens', pattern: /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, replace: '$1 [REDACTED]' },
  // OpenAI/Anthropic/LiteLLM style keys (sk-…, sk-proj-…, sk-ant-…), Google AIza…, AWS AKIA…, GitHub tokens.
  {
    kind: 'apiKeys',
    pattern:
      /\b(sk-[A-Za-z0-9_*-]{6,}|AIza[0-9A-Za-z_-]{20,}|AKIA[0-9A-Z]{12,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abpr]-[A-Za-z0-9-]{10,})/g,
    replace: '[REDACTED_KEY]',
  },
  {
    kind: 'apiKeys',
    pattern: /((?:api[_-]?key|x-api-key|password|passwd|secret|token)["']?\s*[:=]\s*["']?)[^\s"',;}]{4,}/gi,
    replace: '$1[REDACTED]',
  },
  { kind: 'emails', pattern: /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g, replace: '[EMAIL]' },
  {
    kind: 'ipAddresses',
    pattern: /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g,
    replace: '[IP]',
  },
];

/** Removes secrets and personal data from free text before it is logged, exported or sent to an LLM. */
export function redact(text: string, options: RedactionOptions = DEFAULT_REDACTION): string {
  let out = text;
  for (const rule of RULES) {
    if (!options[rule.kind]) continue;
    out = out.replace(rule.pattern, rule.replace as string);
  }
  return out;
}
