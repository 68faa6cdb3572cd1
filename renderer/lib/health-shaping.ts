import { Filters } from '../../shared/filters.ts';
import type { Finding, FindingLink, HealthReport } from '../../shared/health.ts';

const SURE: Record<Finding['certainty'], number> = { certain: 0, likely: 1, possible: 2 };
const WEIGHT: Record<Finding['severity'], number> = { problem: 0, warning: 1, info: 2 };

/** Integrity first, then health; within each problems before warnings before what is only explained, the surest first. */
export function groupFindings(
  findings: readonly Finding[],
): { area: Finding['area']; title: string; findings: Finding[] }[] {
  return (['integrity', 'health'] as const)
    .map((area) => ({
      area,
      title: area === 'integrity' ? 'Logging integrity' : 'Database health',
      findings: findings
        .filter((f) => f.area === area)
        .sort((a, b) => WEIGHT[a.severity] - WEIGHT[b.severity] || SURE[a.certainty] - SURE[b.certainty]),
    }))
    .filter((g) => g.findings.length > 0);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** The filters a finding's "where to look" opens: its range, models and keys, nothing else of the current filters. */
export function filtersForLink(link: FindingLink, current: Filters): Filters {
  return Filters.parse({
    timeRange: { kind: 'absolute', from: link.from, to: link.to },
    models: link.models,
    keyAliases: link.keyAliases,
    limit: current.limit,
  });
}

/** Bars for the growth chart: each day's share of the busiest day. */
export function growthBars(
  growth: HealthReport['growth'],
): { day: string; rows: number; bytes: number | null; share: number }[] {
  const max = Math.max(1, ...growth.map((g) => g.rows));
  return growth.map((g) => ({ day: g.day, rows: g.rows, bytes: g.bytesEstimate, share: g.rows / max }));
}
