import { filterWords, type FilterField } from '../../../shared/filters.ts';
import type { Insights, ValueShare } from '../../../shared/analysis.ts';
import type { ErrorRow, Investigation, Remainder } from '../../../shared/investigation.ts';
import type { PromptRedaction } from '../../../shared/llm-settings.ts';
import { redact } from '../../../shared/redact.ts';
import { bucketWords } from '../insights/spikes.ts';
import { clockFor } from '../reports/format.ts';
import { estimateTokens } from './token-estimate.ts';

export const SYSTEM_PROMPT = `You are a site reliability engineer analysing failed requests of a LiteLLM proxy (an LLM gateway).
You get totals, breakdowns, detected spikes, error patterns (P1, P2… with counts) and sample errors (with request ids).
Answer in Markdown with exactly these sections:
## Summary
Two to four sentences: what happened, when, how many errors, who was affected.
## Most likely root causes
A numbered list, most likely first. For each: the cause, your confidence (high/medium/low), and the evidence, citing pattern ids (P1…) and request ids.
## Impact
By model and by key alias: who lost how many requests, and since when.
## Remediation
Concrete steps for the gateway operator (quotas, fallbacks, retries, routing, keys, limits).
## What to check next
What to look at to confirm or rule out each cause.
Use only the evidence given; say so when it is not enough. Secrets and personal data were replaced by [REDACTED…], [EMAIL] and [IP] before you saw them.`;

export interface PromptInput {
  investigation: Investigation;
  insights: Insights;
  redaction: PromptRedaction;
  /** Upper bound for system + user message, in estimated tokens. */
  budget: number;
  /** IANA zone the prompt's times are written in (UTC when absent). */
  timeZone?: string | undefined;
}

export interface BuiltPrompt {
  system: string;
  user: string;
  estimatedTokens: number;
  included: { patterns: number; spikes: number; samples: number };
}

const pct = (n: number, total: number) => (total ? `${((n / total) * 100).toFixed(1)}%` : '0%');
const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
const shares = (list: readonly ValueShare[], total: number, n = 3) =>
  list
    .slice(0, n)
    .map((v) => `${v.value ?? '(none)'} ${pct(v.count, total)}`)
    .join(', ');

function breakdown(
  title: string,
  rows: readonly { label: string; count: number }[],
  total: number,
  beyond?: Remainder,
): string {
  if (rows.length === 0) return `${title}: none`;
  const shown = rows.slice(0, 10).map((r) => `${r.label} ${r.count} (${pct(r.count, total)})`);
  const more = Math.max(0, rows.length - 10) + (beyond?.values ?? 0);
  if (more > 0) {
    const rest = rows.slice(10).reduce((s, r) => s + r.count, 0) + (beyond?.count ?? 0);
    shown.push(`(other ${more} values) ${rest} (${pct(rest, total)})`);
  }
  return `${title}: ${shown.join('; ')}`;
}

/** Samples that cover the variety of the errors: one per (error type, model) in turn, newest first within each. */
export function representativeSample(errors: readonly ErrorRow[], max: number): ErrorRow[] {
  const groups = new Map<string, ErrorRow[]>();
  for (const e of errors) {
    const key = `${e.errorType}\u0000${e.model ?? ''}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  const queues = [...groups.values()].sort((a, b) => b.length - a.length);
  const out: ErrorRow[] = [];
  for (let round = 0; out.length < max && queues.some((q) => q.length > round); round++) {
    for (const q of queues) if (q[round] && out.length < max) out.push(q[round]!);
  }
  return out;
}

/**
 * The prompt: header (query, totals, breakdowns), then spikes, patterns and sample errors, each
 * added while the estimate stays within the budget. Every piece of data is redacted before it is
 * measured, so what is counted is what is sent.
 */
export function buildPrompt(input: PromptInput): BuiltPrompt {
  const { investigation: inv, insights, budget } = input;
  const clean = (s: string) => redact(s, input.redaction);
  const q = inv.query;
  // Every time the prompt writes is in the reader's zone, named once in the first line.
  const clock = clockFor(input.timeZone ?? 'UTC', q.to);
  const at = (iso: string) => clock.time(iso);
  const labels = (field: FilterField) => filterWords(q, field);
  const filters = [
    labels('keyAliases') ? `key aliases ${labels('keyAliases')}` : '',
    labels('models') ? `models ${labels('models')}` : '',
    labels('errorTypes') ? `error types ${labels('errorTypes')}` : '',
    labels('statusCodes') ? `status codes ${labels('statusCodes')}` : '',
    labels('teamAliases') ? `teams ${labels('teamAliases')}` : '',
    q.sessionIds?.length ? `sessions ${q.sessionIds.join(', ')}` : '',
    q.text ? `message containing "${q.text}"` : '',
  ].filter(Boolean);
  const header = clean(
    [
      `Times are in ${clock.label}. Range: ${clock.range(q.from, q.to)}, buckets of ${bucketWords(q.bucketSeconds)}. Filters: ${filters.join('; ') || 'none'}.`,
      `Total errors: ${inv.total}.`,
      breakdown(
        'By model',
        inv.byModel.map((m) => ({ label: m.model, count: m.count })),
        inv.total,
        inv.others?.byModel,
      ),
      breakdown(
        'By error type',
        inv.byErrorType.map((m) => ({ label: m.errorType, count: m.count })),
        inv.total,
        inv.others?.byErrorType,
      ),
      breakdown(
        'By key alias',
        inv.byKeyAlias.map((m) => ({ label: m.keyAlias ?? '(no key alias)', count: m.count })),
        inv.total,
        inv.others?.byKeyAlias,
      ),
    ].join('\n'),
  );
  let used = estimateTokens(SYSTEM_PROMPT) + estimateTokens(header) + 50;
  const sections: string[] = [header];
  const fit = (text: string): boolean => {
    const cost = estimateTokens(text) + 1;
    if (used + cost > budget) return false;
    used += cost;
    return true;
  };

  const spikeLines: string[] = [];
  for (const [i, s] of insights.spikes.slice(0, 8).entries()) {
    const ctx = [
      s.context.models.length ? `models ${shares(s.context.models, s.count)}` : '',
      s.context.deployments.length ? `deployments ${shares(s.context.deployments, s.count)}` : '',
      s.context.keyAliases.length ? `key aliases ${shares(s.context.keyAliases, s.count)}` : '',
      s.context.errorTypes.length ? `error types ${shares(s.context.errorTypes, s.count)}` : '',
    ].filter(Boolean);
    const line = clean(
      `S${i + 1} ${s.summary}; peak ${s.peak} at ${at(s.peakBucket)}, robust z ${s.score}. In the window: ${ctx.join('; ')}.`,
    );
    if (!fit(line)) break;
    spikeLines.push(line);
  }
  sections.push(
    spikeLines.length
      ? `Spikes (a value well above its own baseline):\n${spikeLines.join('\n')}`
      : 'Spikes: none detected.',
  );

  const patternLines: string[] = [];
  for (const [i, p] of insights.patterns.entries()) {
    const ex = p.example;
    const line = clean(
      [
        `P${i + 1} [${p.category}] ${p.count} errors (${pct(p.count, insights.total)}), first ${at(p.firstSeen)}, last ${at(p.lastSeen)}; models ${shares(p.models, p.count)}; key aliases ${shares(p.keyAliases, p.count)}; types ${shares(p.errorTypes, p.count)}`,
        `   template: ${cut(flat(p.template), 400)}`,
        `   example request_id=${ex.requestId} at ${at(ex.time)}: ${cut(flat(clean(ex.message)), 500)}`,
      ].join('\n'),
    );
    if (!fit(line)) break;
    patternLines.push(line);
  }
  sections.push(
    `Error patterns (${insights.patternCount} distinct templates over ${insights.total} errors; largest first):\n${patternLines.join('\n') || '(none)'}`,
  );

  const sampleLines: string[] = [];
  for (const e of representativeSample(inv.errors, 40)) {
    const line = clean(
      `- request_id=${e.requestId} time=${at(e.time)} model=${e.model ?? '-'} deployment=${e.deployment ?? '-'} key=${e.keyAlias ?? '-'} status=${e.statusCode ?? '-'} type=${e.errorType}: ${cut(flat(clean(e.errorMessage ?? '')), 300)}`,
    );
    if (!fit(line)) break;
    sampleLines.push(line);
  }
  if (sampleLines.length)
    sections.push(`Sample errors (newest of each error type and model):\n${sampleLines.join('\n')}`);

  const user = `Analyse this incident.\n\n${sections.join('\n\n')}`;
  return {
    system: SYSTEM_PROMPT,
    user,
    estimatedTokens: estimateTokens(SYSTEM_PROMPT) + estimateTokens(user) + 8,
    included: { patterns: patternLines.length, spikes: spikeLines.length, samples: sampleLines.length },
  };
}
