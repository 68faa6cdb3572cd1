import type { Insights, ValueShare } from '../../../shared/analysis.ts';
import type { Investigation } from '../../../shared/investigation.ts';
import { bucketWords, count, errorsWord, rateChange } from '../../../shared/rate-words.ts';
import { dimensionValueWords } from './spikes.ts';

export const OFFLINE_TITLE = 'Offline summary — no LLM configured';

/** What to look at first for each error class LiteLLM reports (matched on the class name). */
const NEXT_STEPS: [RegExp, string][] = [
  [
    /RateLimit/i,
    'Rate limits: compare the provider quota (TPM/RPM) of the affected deployment with the traffic of the keys in the spike; consider a fallback deployment or per-key rate limits in LiteLLM.',
  ],
  [
    /Timeout/i,
    'Timeouts: check the provider status page and latency of the affected deployment; check `timeout` and `stream_timeout` in the LiteLLM config.',
  ],
  [
    /Authentication|PermissionDenied/i,
    'Authentication: check the provider API key of the affected deployment (rotated or expired?) and the key permissions.',
  ],
  [
    /ContextWindow/i,
    'Context window: find the callers sending oversized prompts (key aliases above); consider `context_window_fallbacks`.',
  ],
  [
    /NotFound/i,
    'Not found: check that the model or deployment names in the LiteLLM config still exist at the provider.',
  ],
  [
    /BadRequest|ContentFilter|ContentPolicy/i,
    'Bad requests: look at the example messages; content filters and invalid parameters come from the callers, not the provider.',
  ],
  [
    /InternalServer|ServiceUnavailable|Overloaded|APIConnection|APIError/i,
    'Provider failures: check the provider status and the network path from the proxy to the `api_base`; consider retries with fallbacks.',
  ],
];

const pct = (n: number, total: number) => (total ? `${((n / total) * 100).toFixed(1)}%` : '0%');
const label = (v: string | null) => v ?? '(none)';
const DIMENSION = { model: 'Model', keyAlias: 'Key alias', errorType: 'Error type' } as const;
/** `2026-11-30 13:57 UTC`: a time people read, not an ISO string. */
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const span = (from: string, to: string) =>
  from.slice(0, 10) === to.slice(0, 10)
    ? `${when(from).slice(0, 16)}–${to.slice(11, 16)} UTC`
    : `${when(from)} – ${when(to)}`;
const valueOf = (dimension: keyof typeof DIMENSION, v: string | null) =>
  v ?? (dimension === 'keyAlias' ? '(no key alias)' : '(none)');
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const top = (list: readonly ValueShare[], total: number, n = 3) =>
  list
    .slice(0, n)
    .map((v) => `${label(v.value)} (${pct(v.count, total)})`)
    .join(', ') || '–';

/** No spike: the range against the period before it, never "usual" for an incident window. */
function noSpikeLine(inv: Investigation, insights: Insights): string {
  const before = insights.before;
  if (!before) return 'No spike stands out inside the range.';
  const buckets = Math.max(1, insights.buckets.length);
  const rate = rateChange(before.count / buckets, inv.total / buckets, insights.bucketSeconds);
  return inv.total >= 10 && inv.total >= 2 * before.count
    ? `No single spike, but the whole range runs above the period of the same length before it: ${rate}.`
    : `No spike stands out; the period of the same length before had ${errorsWord(before.count)} (${rate}).`;
}

/**
 * A deterministic Markdown summary from patterns, spikes and breakdowns, for when no LLM is
 * configured: the same facts the LLM would get, without any guessing.
 */
export function offlineSummary(inv: Investigation, insights: Insights): string {
  const q = inv.query;
  const lines: string[] = [
    `# ${OFFLINE_TITLE}`,
    '',
    `_Computed from ${count(inv.total)} errors between ${when(q.from)} and ${when(q.to)}; no model was asked._`,
    '',
  ];
  lines.push('## Summary', '');
  if (inv.total === 0) {
    lines.push('No errors match these filters.');
    return `${lines.join('\n')}\n`;
  }
  const [model, type, key] = [inv.byModel[0], inv.byErrorType[0], inv.byKeyAlias[0]];
  if (model)
    lines.push(
      `- Most errors are on model **${model.model}**: ${count(model.count)} (${pct(model.count, inv.total)}).`,
    );
  if (type)
    lines.push(
      `- The most frequent error type is **${type.errorType}**: ${count(type.count)} (${pct(type.count, inv.total)}).`,
    );
  if (key)
    lines.push(
      `- The key alias with most errors is **${valueOf('keyAlias', key.keyAlias)}**: ${count(key.count)} (${pct(key.count, inv.total)}).`,
    );
  const first = insights.spikes[0];
  lines.push(first ? `- Biggest spike: ${first.summary}.` : `- ${noSpikeLine(inv, insights)}`);
  const p1 = insights.patterns[0];
  if (p1)
    lines.push(
      `- The largest error pattern (P1) covers ${count(p1.count)} errors (${pct(p1.count, insights.total)}); ${insights.patternCount} distinct patterns in all.`,
    );

  lines.push('', '## Spikes', '');
  if (insights.spikes.length === 0) lines.push('None detected.');
  else {
    lines.push(
      `| # | What | Value | Window | Errors | Usual per ${bucketWords(insights.bucketSeconds)} | Mostly |`,
      '|---|---|---|---|---|---|---|',
    );
    for (const [i, s] of insights.spikes.entries()) {
      const mostly = [
        top(s.context.models, s.count, 1),
        top(s.context.deployments, s.count, 1),
        top(s.context.keyAliases, s.count, 1),
        top(s.context.errorTypes, s.count, 1),
      ];
      const together = s.together.map((t) => dimensionValueWords(t.dimension, t.value)).join(', ');
      lines.push(
        `| S${i + 1} | ${DIMENSION[s.dimension]} | ${cell(valueOf(s.dimension, s.value) + (together ? ` (with ${together})` : ''))} | ${span(s.from, s.to)} | ${count(s.count)} | ${s.baseline} | ${cell(mostly.join('; '))} |`,
      );
    }
  }

  lines.push('', '## Top error patterns', '');
  for (const [i, p] of insights.patterns.slice(0, 10).entries()) {
    lines.push(
      `${i + 1}. **P${i + 1}** — ${count(p.count)} errors (${pct(p.count, insights.total)}), ${span(p.firstSeen, p.lastSeen)}`,
      `   - Template: ${code(p.template.slice(0, 300))}`,
      `   - Models: ${top(p.models, p.count)}; key aliases: ${top(p.keyAliases, p.count)}; types: ${top(p.errorTypes, p.count)}`,
      `   - Example: request ${code(p.example.requestId)}`,
    );
  }

  lines.push('', '## Breakdowns', '');
  lines.push(
    `- By model: ${inv.byModel
      .slice(0, 5)
      .map((m) => `${m.model} ${count(m.count)}`)
      .join(', ')}`,
  );
  lines.push(
    `- By error type: ${inv.byErrorType
      .slice(0, 5)
      .map((m) => `${m.errorType} ${count(m.count)}`)
      .join(', ')}`,
  );
  lines.push(
    `- By key alias: ${inv.byKeyAlias
      .slice(0, 5)
      .map((m) => `${valueOf('keyAlias', m.keyAlias)} ${count(m.count)}`)
      .join(', ')}`,
  );

  lines.push('', '## What to check next', '');
  const types = inv.byErrorType.slice(0, 5).map((t) => t.errorType);
  const steps = NEXT_STEPS.filter(([re]) => types.some((t) => re.test(t))).map(([, step]) => `- ${step}`);
  if (first)
    steps.unshift(
      `- Start with the spike S1 (${span(first.from, first.to)}): what changed then for ${dimensionValueWords(first.dimension, first.value)}?`,
    );
  lines.push(
    ...(steps.length
      ? steps
      : ['- Open the example requests of the top patterns and compare them with the provider logs.']),
  );
  lines.push(
    '',
    '_Configure an LLM in the settings (or LOGDESK_LLM_BASE_URL / LOGDESK_LLM_MODEL for the CLI) for an analysis of likely causes._',
  );
  return `${lines.join('\n')}\n`;
}
