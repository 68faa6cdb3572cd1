/** What an LLM answer cites: pattern ids (P3) and request ids. */
export interface Citations {
  patterns: number[];
  requestIds: string[];
}

const PATTERN_REF = /\bP(\d{1,4})\b/g;
/** Ids named as such: `request_id=abc`, `request id abc`, `request ids: a, b`. */
const NAMED_IDS = /\brequest[_ -]?ids?\b[\s:=`"'*]*((?:[A-Za-z0-9][\w.:-]{5,}[\s,`"'*]*(?:and\s+)?)+)/gi;
/** Id shapes LiteLLM and providers use, wherever they appear: UUIDs, chatcmpl-…, req_…, msg_…. */
const ID_SHAPES =
  /\b(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?:chatcmpl|emb|req|msg|resp)[-_][\w-]{6,})\b/gi;
const ID_TOKEN = /[A-Za-z0-9][\w.:-]{5,}/g;

/** Ids need a digit: "request id" followed by an ordinary word is prose, not a citation. */
const looksLikeId = (s: string) => /\d/.test(s) && !/^\d{4}-\d{2}-\d{2}/.test(s);

export function findCitations(markdown: string): Citations {
  const patterns = new Set<number>();
  for (const m of markdown.matchAll(PATTERN_REF)) patterns.add(Number(m[1]));
  const ids = new Set<string>();
  for (const m of markdown.matchAll(NAMED_IDS)) {
    for (const token of m[1]!.matchAll(ID_TOKEN)) {
      const id = token[0].replace(/[.:]+$/, '');
      if (looksLikeId(id)) ids.add(id);
    }
  }
  for (const m of markdown.matchAll(ID_SHAPES)) ids.add(m[0]);
  return { patterns: [...patterns].sort((a, b) => a - b), requestIds: [...ids] };
}

export interface CitationCheck {
  /** Pattern numbers the prompt listed (P1…Pn). */
  patternsListed: number;
  /** Request ids the prompt carried; others are looked up in the source. */
  knownRequestIds: ReadonlySet<string>;
  /** True when the source has a request with this id. */
  exists(requestId: string): Promise<boolean>;
}

/** At most this many unknown ids are looked up one by one; the rest are reported as unchecked. */
const MAX_LOOKUPS = 20;

/**
 * Checks every citation of an answer against the data and returns a Markdown note naming what is
 * not there (an invented P12, a request id no table holds), or null when everything checks out.
 */
export async function citationNote(markdown: string, check: CitationCheck): Promise<string | null> {
  const cited = findCitations(markdown);
  const badPatterns = cited.patterns.filter((n) => n < 1 || n > check.patternsListed);
  const unknown = cited.requestIds.filter((id) => !check.knownRequestIds.has(id));
  const missing: string[] = [];
  for (const id of unknown.slice(0, MAX_LOOKUPS)) if (!(await check.exists(id))) missing.push(id);
  const unchecked = unknown.length - Math.min(unknown.length, MAX_LOOKUPS);
  if (!badPatterns.length && !missing.length && !unchecked) return null;
  const parts: string[] = [];
  if (badPatterns.length) {
    const listed = check.patternsListed
      ? `the data has P1–P${check.patternsListed}`
      : 'the data listed no pattern';
    parts.push(`pattern ${badPatterns.map((n) => `P${n}`).join(', ')} (${listed})`);
  }
  if (missing.length)
    parts.push(
      `request id ${missing.map((id) => `\`${id.replace(/`/g, '')}\``).join(', ')} (in no table of the source)`,
    );
  if (unchecked) parts.push(`${unchecked} more request ids not checked`);
  return `\n\n> **Citation check:** this answer cites what is not in the data: ${parts.join('; ')}. Treat those claims as unverified.\n`;
}
