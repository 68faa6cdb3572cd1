import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ErrorRow } from '../../../shared/investigation.ts';
import { PatternGrouper } from './pattern-grouper.ts';
import { categorizeError } from './taxonomy.ts';

/** Prefixes providers and LiteLLM put before the cause, shared by messages of every cause. */
const PREFIXES = [
  'Error code: {status} - ',
  'litellm.APIError: APIError: OpenAIException - Error code: {status} - ',
  "Error code: {status} - {'error': {'message': '",
  'upstream failed: ',
  '',
];
/** The cause's own words, each with the statuses it comes with (null: a table with no status column). */
const CAUSES: { text: string; statuses: (string | null)[] }[] = [
  { text: 'Requests rate limit exceeded, please try again in {n}s', statuses: ['429', null] },
  { text: 'maximum context length is {n} tokens, requested {n}', statuses: ['400', null] },
  {
    text: 'You exceeded your current quota, please check your plan and billing details',
    statuses: ['429', '402'],
  },
  { text: 'Incorrect API key provided: sk-{id}', statuses: ['401'] },
  { text: 'Request timed out after {n} seconds', statuses: ['408', '504', null] },
  { text: 'The server is overloaded, request {id}', statuses: ['503', '529', '500'] },
  { text: 'Invalid parameter {n} in request {id}', statuses: ['400', '422'] },
  { text: 'something odd happened {n} times', statuses: ['400', '500', null] },
];

const message = fc.record({
  prefix: fc.integer({ min: 0, max: PREFIXES.length - 1 }),
  cause: fc.integer({ min: 0, max: CAUSES.length - 1 }),
  statusPick: fc.nat(),
  n: fc.integer({ min: 1, max: 999_999 }),
  id: fc.stringMatching(/^[a-z0-9]{8,20}$/),
});

function row(i: number, text: string, statusCode: string | null): ErrorRow {
  return {
    requestId: `r-${i}`,
    time: new Date(Date.UTC(2026, 10, 21, 9) + i * 1000).toISOString(),
    model: 'qwen-plus',
    deployment: null,
    keyAlias: 'agent',
    teamAlias: null,
    statusCode,
    errorType: 'Unknown',
    errorMessage: text,
    provider: null,
    apiBase: null,
    durationMs: null,
    totalTokens: null,
    sources: ['spend_logs'],
  };
}

describe('patterns never mix causes', () => {
  it('no pattern holds two cause categories or two HTTP statuses, whatever prefix the messages share', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 2, maxLength: 60 }), (picked) => {
        const grouper = new PatternGrouper({
          startMs: Date.UTC(2026, 10, 21, 9),
          bucketSeconds: 3600,
          count: 1,
        });
        const added = picked.map((m, i) => {
          const cause = CAUSES[m.cause]!;
          const status = cause.statuses[m.statusPick % cause.statuses.length]!;
          const prefix = PREFIXES[m.prefix]!.replace('{status}', status ?? '400');
          const text = prefix + cause.text.replaceAll('{n}', String(m.n)).replaceAll('{id}', m.id);
          // The status a row stands for: its column, else the one its message names.
          const effective = status ?? (prefix.includes('Error code:') ? '400' : '');
          const category = categorizeError({ errorType: null, statusCode: status, message: text }).category;
          return { handle: grouper.add(row(i, text, status)), category, effective };
        });
        const { patterns } = grouper.result(Number.MAX_SAFE_INTEGER);
        const byPattern = new Map<string, Set<string>>();
        for (const a of added) {
          const id = grouper.patternIdOf(a.handle)!;
          expect(id).toBeDefined();
          const seen = byPattern.get(id) ?? new Set<string>();
          seen.add(`${a.category} ${a.effective}`);
          byPattern.set(id, seen);
        }
        for (const [id, causes] of byPattern)
          expect({ id, causes: [...causes] }).toMatchObject({ causes: [expect.any(String)] });
        for (const p of patterns) expect(p.category).toBe([...byPattern.get(p.id)!][0]!.split(' ')[0]);
      }),
      { numRuns: 300 },
    );
  });
});
