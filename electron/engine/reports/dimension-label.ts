const DIMENSIONS: Record<string, string> = { model: 'model', keyAlias: 'key alias', errorType: 'error type' };

/** `key alias support-bot`, `model gpt-4o`; `no key alias` for a null value. */
export function dimensionLabel(dimension: string, value: string | null | undefined): string {
  const name = DIMENSIONS[dimension] ?? dimension;
  return value === null || value === undefined ? `no ${name}` : `${name} ${value}`;
}
