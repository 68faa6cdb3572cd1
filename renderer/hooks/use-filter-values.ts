import { useQuery } from '@tanstack/react-query';
import type { Source } from '../../shared/connection.ts';
import type { ValueCount, ValueField } from '../../shared/contract/drilldown.ts';
import type { AppError } from '../../shared/errors.ts';
import type { TimeRange } from '../../shared/time-range.ts';
import { bridge } from '../bridge/bridge.ts';

/** `investigation.values`: suggestions for one filter field, only while its list is open. */
export function useFilterValues(
  source: Source,
  field: ValueField,
  timeRange: TimeRange,
  search: string,
  enabled: boolean,
) {
  return useQuery<ValueCount[], AppError>({
    queryKey: ['investigation.values', source, field, timeRange, search],
    queryFn: async () =>
      (await bridge().call('investigation.values', { source, field, timeRange, search, limit: 50 })).values,
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}
