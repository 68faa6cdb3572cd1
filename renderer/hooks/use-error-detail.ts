import { useQuery } from '@tanstack/react-query';
import type { Source } from '../../shared/connection.ts';
import type { ErrorDetail } from '../../shared/contract/drilldown.ts';
import type { AppError } from '../../shared/errors.ts';
import { bridge } from '../bridge/bridge.ts';

/** `investigation.errorDetail`: the raw LiteLLM rows of one request. */
export function useErrorDetail(source: Source, requestId: string | null) {
  return useQuery<ErrorDetail, AppError>({
    queryKey: ['investigation.errorDetail', source, requestId],
    queryFn: () => bridge().call('investigation.errorDetail', { source, requestId: requestId! }),
    enabled: requestId !== null,
    staleTime: 5 * 60_000,
  });
}
