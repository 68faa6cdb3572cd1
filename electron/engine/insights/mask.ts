/** The placeholder every variable part of a message becomes. */
export const WILDCARD = '<*>';

/**
 * Variable parts of LiteLLM error messages, tried left to right at each position (one pass over the
 * text). Order matters: a URL or a UUID must win over the numbers inside it.
 */
const VARIABLE_PARTS = [
  // URLs of any scheme (https://…, postgres://…).
  String.raw`\b[a-z][a-z0-9+.-]{1,15}://[^\s'"<>()\[\]{}]+`,
  String.raw`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`,
  String.raw`\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+`,
  // Dates and times (ISO, with optional time and zone).
  String.raw`\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?`,
  String.raw`\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b`,
  // IPv4 (with a port) and IPv6.
  String.raw`\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b`,
  String.raw`\b(?:[0-9a-f]{1,4}:){4,7}[0-9a-f]{1,4}\b`,
  // API keys and prefixed ids (org-…, req_…, chatcmpl-…) that carry a digit somewhere.
  String.raw`\b(?:sk|pk|rk)-[\w*-]{6,}`,
  String.raw`\b(?:org|req|chatcmpl|cmpl|call|run|msg|file|asst|thread|resp|batch)[-_](?=[\w-]*\d)[\w-]{6,}`,
  String.raw`\b0x[0-9a-f]+\b`,
  // Hashes (hex with a digit and a letter) and long ids mixing letters and digits.
  String.raw`\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b`,
  String.raw`\b(?=\w*\d)(?=\w*[a-z])\w{16,}\b`,
  // Numbers, with a unit glued on (450ms, 20s, 85%); not inside names like gpt-4o or claude-3-5.
  String.raw`(?<![\w.-])[-+]?\d+(?:\.\d+)?(?:ms|s|m|h|%|k)?(?!\w|\.\d)`,
];
const VARIABLE = new RegExp(VARIABLE_PARTS.join('|'), 'gi');

/** Messages longer than this are cut before grouping (Python tracebacks can run to pages). */
export const MAX_MESSAGE_CHARS = 1_500;
export const MAX_TOKENS = 120;

/** Variable parts have a digit, an `@`, `://` or are keys: other words skip the big pattern (most of them). */
const MAYBE_VARIABLE = /[\d@]|:\/\/|\b[spr]k-/;

/** `Error code: 429`: the HTTP status a provider SDK names is the cause, not a variable number. */
const STATUS_WORD = /^[1-5]\d\d$/;
const endsWithCode = (word: string) => word.length >= 5 && word.slice(-5).toLowerCase() === 'code:';

/** The text a pattern grouper sees: variable parts masked, whitespace collapsed. */
export function maskMessage(message: string): string {
  const cut = message.length > MAX_MESSAGE_CHARS ? message.slice(0, MAX_MESSAGE_CHARS) : message;
  let out = '';
  let previous = '';
  for (const word of cut.split(/\s+/)) {
    if (word === '') continue;
    const keep = word.length === 3 && STATUS_WORD.test(word) && endsWithCode(previous);
    const masked = !keep && MAYBE_VARIABLE.test(word) ? word.replace(VARIABLE, WILDCARD) : word;
    out = out === '' ? masked : `${out} ${masked}`;
    previous = word;
  }
  return out;
}

/** Splits masked text into tokens (at most MAX_TOKENS; the rest joins the last one). */
export function tokenize(masked: string): string[] {
  if (masked === '') return [];
  const tokens = masked.split(' ');
  if (tokens.length <= MAX_TOKENS) return tokens;
  return [...tokens.slice(0, MAX_TOKENS - 1), WILDCARD];
}

/** Joins template tokens for display; runs of wildcards become one (`Used <*> <*>` → `Used <*>`). */
export function templateText(tokens: readonly string[]): string {
  const out: string[] = [];
  for (const token of tokens) {
    if (token === WILDCARD && out[out.length - 1] === WILDCARD) continue;
    out.push(token);
  }
  return out.join(' ');
}
