import { DEFAULT_THRESHOLDS, type WatchThresholds } from '../../../shared/contract/watch.ts';
import type { Counts } from '../sources/call-source.ts';

/** When a window counts as an incident; per watch (the fields are described in the contract). */
export type Thresholds = WatchThresholds;

export { DEFAULT_THRESHOLDS };

export interface Verdict {
  firing: boolean;
  /** One line a human reads: the numbers that decided it. */
  reason: string;
  errorRate: number | null;
  baselineRate: number | null;
  /** Baseline errors per window of the current window's length. */
  baselinePerWindow: number;
}

const rate = (c: Counts) => (c.requests > 0 ? c.errors / c.requests : null);
const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)}%`);

/**
 * Compares the current window with the trailing baseline (scaled to one window): an error spike, or
 * an error-rate jump. Pure, so the rules are tested without a clock or a database.
 */
export function evaluate(
  current: Counts,
  baseline: Counts,
  windowsInBaseline: number,
  t: Thresholds,
): Verdict {
  const perWindow = windowsInBaseline > 0 ? baseline.errors / windowsInBaseline : 0;
  const r = rate(current);
  const br = rate(baseline);
  const spike = current.errors >= t.minErrors && current.errors >= t.spikeFactor * Math.max(perWindow, 1);
  const jump =
    r !== null &&
    current.requests >= t.minRequests &&
    current.errors >= 1 &&
    r - (br ?? 0) >= t.rateJump &&
    r >= 2 * (br ?? 0);
  const numbers = `${current.errors} errors of ${current.requests} requests (${pct(r)}); baseline ${perWindow.toFixed(1)} errors per window (${pct(br)})`;
  const why =
    spike && jump
      ? 'error spike and error-rate jump'
      : spike
        ? 'error spike'
        : jump
          ? 'error-rate jump'
          : 'normal';
  return {
    firing: spike || jump,
    reason: `${why}: ${numbers}`,
    errorRate: r,
    baselineRate: br,
    baselinePerWindow: perWindow,
  };
}
