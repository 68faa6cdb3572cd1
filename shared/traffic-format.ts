/** Number formats the Traffic view, the CLI and the reports share. */
export function formatRate(rate: number): string {
  if (rate === 0) return '0%';
  const pct = rate * 100;
  return `${pct < 0.1 ? pct.toFixed(2) : pct.toFixed(1)}%`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** Spend with its currency; `≈` marks figures that include price-table estimates. */
export function formatSpend(spend: number, estimated: boolean, currency: string): string {
  const digits = spend !== 0 && Math.abs(spend) < 1 ? 4 : 2;
  return `${estimated ? '≈ ' : ''}${spend.toFixed(digits)}${currency ? ` ${currency}` : ''}`;
}

export function formatTokens(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)} k`;
  return n.toLocaleString('en-US');
}

/** "0.4% → 6.1%" for rates, "+12%" for amounts; "new" where there was nothing before. */
export function formatChange(
  now: number | null,
  before: number | null,
  kind: 'rate' | 'ms' | 'amount',
): string {
  if (now === null) return '';
  if (before === null) return 'new';
  if (kind === 'rate') return `${formatRate(before)} → ${formatRate(now)}`;
  if (kind === 'ms') return `${formatMs(before)} → ${formatMs(now)}`;
  if (before === 0) return now === 0 ? '±0%' : 'new';
  const change = ((now - before) / before) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(0)}%`;
}

interface SpendFigures {
  spend: number;
  spendEstimated: boolean;
  spendByCurrency?: { currency: string; spend: number; estimated: boolean }[] | undefined;
}

/**
 * The spend as lines to show: one per currency when the calls were priced in several (never a sum
 * across currencies), else the one total in `currency`.
 */
export function spendLines(
  now: SpendFigures,
  before: SpendFigures,
  currency: string,
): { estimated: boolean; now: string; before: string }[] {
  if (!now.spendByCurrency || now.spendByCurrency.length <= 1) {
    return [
      {
        estimated: now.spendEstimated,
        now: formatSpend(now.spend, now.spendEstimated, currency),
        before: formatSpend(before.spend, before.spendEstimated, currency),
      },
    ];
  }
  return now.spendByCurrency.map((m) => {
    const b = before.spendByCurrency?.find((x) => x.currency === m.currency);
    return {
      estimated: m.estimated,
      now: formatSpend(m.spend, m.estimated, m.currency),
      before: formatSpend(b?.spend ?? 0, b?.estimated ?? false, m.currency),
    };
  });
}
