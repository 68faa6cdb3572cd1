import type { Filters } from './filters.ts';
import { formatRate } from './traffic-format.ts';

/**
 * What an error rate is of (issue 24 item 3), the same on every surface. Error type, status code
 * and message text (kept or left out) describe failures only: a successful request has none. Under
 * them the rate is the matching failed requests over **all** requests of the other filters (time,
 * key, model, team, session) — "RateLimitError is 7% of requests", as a Datadog or Grafana query
 * `count(errors matching X) / count(all requests)` reads. Without them it is failed / requests.
 */
type RateFilters = Pick<Filters, 'errorTypes' | 'statusCodes' | 'text' | 'exclude'>;

/** The error-only filters in use, as people name them: `error type`, `status code`, `message`. */
export function errorOnlyFilterNames(f: RateFilters): string[] {
  const names: string[] = [];
  if (f.errorTypes.length || f.exclude.errorTypes.length) names.push('error type');
  if (f.statusCodes.length || f.exclude.statusCodes.length) names.push('status code');
  if (f.text?.trim()) names.push('message');
  return names;
}

/** The filters whose requests are the rate's denominator: the error-only ones dropped. */
export function rateBaseFilters<F extends RateFilters>(f: F): F {
  if (errorOnlyFilterNames(f).length === 0) return f;
  return {
    ...f,
    errorTypes: [],
    statusCodes: [],
    text: undefined,
    exclude: { ...f.exclude, errorTypes: [], statusCodes: [] },
  };
}

/** `of 19,520 requests`, or `of all 19,520 requests (any error type)` under error-only filters. */
export function rateBasisWords(baseRequests: number, f: RateFilters): string {
  const names = errorOnlyFilterNames(f);
  const of = `of ${names.length ? 'all ' : ''}${baseRequests.toLocaleString('en-US')} requests`;
  return names.length ? `${of} (any ${names.join(', ')})` : of;
}

/** `6.1% of 19,520 requests`, or `6.1% of all 19,520 requests (any error type)` under error-only filters. */
export function rateWords(failed: number, baseRequests: number, f: RateFilters): string {
  if (baseRequests === 0) return 'no requests in the range';
  return `${formatRate(failed / baseRequests)} ${rateBasisWords(baseRequests, f)}`;
}
