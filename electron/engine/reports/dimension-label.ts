const DIMENSIONS: Record<string, string> = { model: 'model', keyAlias: 'key alias', errorType: 'error type' };

/** `key alias support-bot`, `model gpt-4o`; `no key alias` for a null value. */
export function dimensionLabel(dimension: string, value: string | null | undefined): string {
  const name = DIMENSIONS[dimension] ?? dimension;
  return value === null || value === undefined ? `no ${name}` : `${name} ${value}`;
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
