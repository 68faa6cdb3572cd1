import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Source } from '../../shared/connection.ts';
import type { InvestigationResult } from '../../shared/contract/investigation.ts';
import type { AppError } from '../../shared/errors.ts';
import type { Filters } from '../../shared/filters.ts';
import { bridge } from '../bridge/bridge.ts';

/** One press of Run query: `run` makes pressing it again with the same filters query again. */
export interface InvestigationRequest {
  source: Source;
  filters: Filters;
  run: number;
}

/**
 * `investigation.run` for the submitted request. `shown` is the latest successful result, so a
 * failed query reports its error while the previous results stay on screen.
 */
export function useInvestigation(request: InvestigationRequest | null) {
  const query = useQuery<InvestigationResult, AppError>({
    queryKey: ['investigation.run', request],
    queryFn: () => bridge().call('investigation.run', { source: request!.source, filters: request!.filters }),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    // Results can hold 100,000 rows: keep none in the cache beyond the one on screen.
    gcTime: 0,
    staleTime: Infinity,
    // Each run is a new answer: comparing 100,000 rows with the last one would only cost time.
    structuralSharing: false,
  });
  const [shown, setShown] = useState<InvestigationResult | null>(null);
  /** The run number whose answer (result or error) is on screen: lets tests and screen readers know a run finished. */
  const [settledRun, setSettledRun] = useState(0);
  useEffect(() => {
    if (query.data && !query.isPlaceholderData) {
      setShown(query.data);
      setSettledRun(request?.run ?? 0);
    }
  }, [query.data, query.isPlaceholderData, request?.run]);
  useEffect(() => {
    if (query.isError) setSettledRun(request?.run ?? 0);
  }, [query.isError, request?.run]);
  return {
    shown,
    settledRun,
    /** The request `shown` answers may differ from the one running; this is the one running or failed. */
    running: query.isFetching,
    error: query.isError ? query.error : null,
  };
}
