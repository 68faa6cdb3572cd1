import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Source } from '../../shared/connection.ts';
import type { TrafficResult } from '../../shared/contract/traffic.ts';
import type { AppError } from '../../shared/errors.ts';
import type { Filters } from '../../shared/filters.ts';
import { TrafficFilters, type RequestPage, type RequestSort } from '../../shared/traffic.ts';
import { bridge } from '../bridge/bridge.ts';

export interface TrafficRequestSpec {
  source: Source;
  filters: TrafficFilters;
  run: number;
}

const PAGE = 50;

/** The traffic request for a run of the shared filters (plus the Traffic view's own ones): one cache entry for both views. */
export function trafficRequest(
  source: Source,
  filters: Filters,
  run: number,
  extra: Partial<TrafficFilters> = {},
): TrafficRequestSpec {
  return { source, filters: TrafficFilters.parse({ ...filters, ...extra }), run };
}

/** `traffic.run` for the submitted filters: the overview and the first page of requests. */
export function useTraffic(request: TrafficRequestSpec | null) {
  const query = useQuery<TrafficResult, AppError>({
    queryKey: ['traffic.run', request],
    queryFn: () =>
      bridge().call('traffic.run', {
        source: request!.source,
        filters: request!.filters,
        page: { limit: PAGE },
      }),
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

/** Further pages of the request list in the chosen order (keyset cursor from the previous page). */
export function useRequestPages(
  request: TrafficRequestSpec | null,
  sort: RequestSort,
  direction: 'asc' | 'desc',
) {
  return useInfiniteQuery<RequestPage, AppError>({
    queryKey: ['traffic.requests', request, sort, direction],
    queryFn: ({ pageParam }) =>
      bridge().call('traffic.requests', {
        source: request!.source,
        filters: request!.filters,
        page: { sort, direction, cursor: (pageParam as string | null) ?? null, limit: PAGE },
      }),
    initialPageParam: null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: request !== null,
    staleTime: Infinity,
  });
}
