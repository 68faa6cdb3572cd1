import type { ResolvedQuery } from '../../../shared/investigation.ts';
import { bucketStarts } from '../../../shared/time-range.ts';

/** Sums the per-model buckets and adds the empty ones, so charts and spike detection see every bucket. */
export function fillTimeline(query: ResolvedQuery, points: readonly { bucket: string; count: number }[]) {
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.bucket, (counts.get(p.bucket) ?? 0) + p.count);
  return bucketStarts(query, query.bucketSeconds).map((bucket) => ({
    bucket,
    count: counts.get(bucket) ?? 0,
  }));
}
