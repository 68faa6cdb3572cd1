/** Words for error rates, shared by the app, the offline summary and the reports. */

/** `15 min`, `hour`, `day` — the bucket a rate is counted per. */
export function bucketWords(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? 'day' : `${seconds / 86_400} days`;
  if (seconds % 3_600 === 0) return seconds === 3_600 ? 'hour' : `${seconds / 3_600} h`;
  return `${seconds / 60} min`;
}

/** A duration of the same kind: `6 h`, `75 min`, `2 days`. */
export function durationWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % 1_440 === 0) return minutes === 1_440 ? '1 day' : `${minutes / 1_440} days`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

/** A count per bucket as a person reads it: `0`, `0.3`, `52`, `1,204`. */
export function rateNumber(n: number): string {
  if (n >= 10) return Math.round(n).toLocaleString('en-US');
  const one = Math.round(n * 10) / 10;
  return String(one);
}

/** `from about 0.3 to 52 per 15 min`: a change of rate without a ratio over a near-zero base. */
export function rateChange(usual: number, during: number, bucketSeconds: number): string {
  return `from about ${rateNumber(usual)} to ${rateNumber(during)} per ${bucketWords(bucketSeconds)}`;
}

/** Whole numbers with thousands separators everywhere (`1,194 errors`). */
export const count = (n: number): string => n.toLocaleString('en-US');

/** `1 error`, `1,194 errors`. */
export const errorsWord = (n: number): string => `${count(n)} error${n === 1 ? '' : 's'}`;

/** `1 pattern`, `12 patterns`, `1 request`: a count and its noun, singular for one. */
export const counted = (n: number, noun: string): string => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
