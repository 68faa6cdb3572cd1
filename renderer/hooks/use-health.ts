import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Source } from '../../shared/connection.ts';
import type { AppError } from '../../shared/errors.ts';
import type { HealthReport } from '../../shared/health.ts';
import type { TimeRange } from '../../shared/time-range.ts';
import { bridge } from '../bridge/bridge.ts';

/** `health.check` for the source and time range of the last run (a new run checks again). */
export function useHealth(request: { source: Source; timeRange: TimeRange; run: number } | null) {
  const query = useQuery<HealthReport, AppError>({
    queryKey: ['health.check', request],
    queryFn: () => bridge().call('health.check', { source: request!.source, timeRange: request!.timeRange }),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
  return {
    data: query.data ?? null,
    running: query.isFetching,
    settled: !query.isFetching && (query.data !== undefined || query.isError),
    error: query.isError ? query.error : null,
  };
}
