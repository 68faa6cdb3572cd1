import { z } from 'zod';
import type { ErrorPattern } from '../../../shared/analysis.ts';
import type { PromptRedaction } from '../../../shared/llm-settings.ts';
import { redact } from '../../../shared/redact.ts';
import { FailureCategory } from '../../../shared/taxonomy.ts';
import type { LlmEndpoint } from './llm-endpoint.ts';
import { CATEGORY_TEXT } from '../insights/taxonomy.ts';
import { callTool } from './tool-call.ts';

const Named = z.object({
  patterns: z
    .array(
      z.object({
        id: z.string().describe('The pattern id as given'),
        category: FailureCategory,
        reason: z.string().min(1).max(300).describe('One line: why this category'),
        check: z.string().min(1).max(300).describe('One line: what the operator should check'),
      }),
    )
    .max(50),
});

/** At most this many unknown patterns go into one request (the largest ones). */
const MAX_ASKED = 15;

const flat = (s: string, max: number) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/**
 * Asks the LLM about the patterns the rules left `unknown` (one small tool call, redacted like the
 * analysis prompt). Answers for ids that were not asked about are ignored; a pattern the model also
 * calls unknown stays as the rules left it.
 */
export async function categorizeUnknown(
  endpoint: LlmEndpoint,
  patterns: readonly ErrorPattern[],
  redaction: PromptRedaction,
  signal?: AbortSignal,
): Promise<{ patterns: ErrorPattern[]; named: number }> {
  const asked = patterns.filter((p) => p.category === 'unknown').slice(0, MAX_ASKED);
  if (!asked.length) return { patterns: [...patterns], named: 0 };
  const categories = FailureCategory.options.map((c) => `${c}: ${CATEGORY_TEXT[c].explanation}`).join('\n');
  const lines = asked.map((p) =>
    redact(
      `id=${p.id} type=${p.example.errorType} status=${p.example.statusCode ?? '-'} count=${p.count}\n  template: ${flat(p.template, 300)}\n  example: ${flat(p.example.message, 500)}`,
      redaction,
    ),
  );
  const { value } = await callTool(endpoint, {
    system: `You classify error patterns of a LiteLLM proxy by cause. Categories:\n${categories}\nCall name_patterns once with one entry per pattern id given.`,
    user: lines.join('\n'),
    name: 'name_patterns',
    description: 'Name the cause category of each error pattern',
    schema: Named,
    maxTokens: 1_500,
    ...(signal ? { signal } : {}),
  });
  const byId = new Map(value.patterns.map((n) => [n.id, n]));
  const askedIds = new Set(asked.map((p) => p.id));
  let named = 0;
  const out = patterns.map((p) => {
    const answer = askedIds.has(p.id) ? byId.get(p.id) : undefined;
    if (!answer || answer.category === 'unknown') return p;
    named++;
    return {
      ...p,
      category: answer.category,
      categoryReason: flat(answer.reason, 300),
      categoryCheck: flat(answer.check, 300),
      categorySource: 'llm' as const,
    };
  });
  return { patterns: out, named };
}
