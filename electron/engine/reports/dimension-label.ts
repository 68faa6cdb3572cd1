import { missingValueLabel } from '../../../shared/filters.ts';
const DIMENSIONS: Record<string, string> = { model: 'model', keyAlias: 'key alias', errorType: 'error type' };

/** `key alias support-bot`, `model gpt-4o`; `(no key alias)` for a null value, as the app names it. */
export function dimensionLabel(dimension: string, value: string | null | undefined): string {
  const name = DIMENSIONS[dimension] ?? dimension;
  if (value !== null && value !== undefined) return `${name} ${value}`;
  return dimension === 'keyAlias' ? missingValueLabel('keyAliases') : `no ${name}`;
}

/** Who spiked: `error type RateLimitError with model gpt-4o, key alias support-bot`; `all` without a dimension. */
export function spikeLabel(spike: {
  dimension?: string | undefined;
  value?: string | null | undefined;
  together?: readonly { dimension: string; value: string | null }[] | undefined;
}): string {
  if (!spike.dimension) return 'all';
  const together = (spike.together ?? []).map((t) => dimensionLabel(t.dimension, t.value)).join(', ');
  return `${dimensionLabel(spike.dimension, spike.value)}${together ? ` with ${together}` : ''}`;
}
