import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Source } from '../../shared/connection.ts';
import type { EventPayload } from '../../shared/contract/index.ts';
import type { InvestigationResult } from '../../shared/contract/investigation.ts';
import type { AppError } from '../../shared/errors.ts';
import type { Filters } from '../../shared/filters.ts';
import type { ErrorRow } from '../../shared/investigation.ts';
import { bridge } from '../bridge/bridge.ts';
import { trackJob } from './job-tracker.ts';

/** One press of Run query: `run` makes pressing it again with the same filters query again. */
export interface InvestigationRequest {
  source: Source;
  filters: Filters;
  run: number;
  /** Run even when the engine estimates a huge scan (the user pressed "Run anyway"). */
  runAnyway?: boolean;
}

/**
 * `investigation.start` for the submitted request, as a job: a newer request, Stop, or closing the
 * page cancels the running one on the server. `shown` is the latest successful result, so a failed
 * or stopped query reports itself while the previous results stay on screen.
 */
export function useInvestigation(request: InvestigationRequest | null) {
  /** Stop for the run in flight; pressed before the engine answered with a job id, it cancels once it does. */
  const stopRef = useRef<AbortController | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  /** The running job's newest rows, published before its totals (investigation.firstRows). */
  const [firstRows, setFirstRows] = useState<ErrorRow[] | null>(null);
  const query = useQuery<InvestigationResult, AppError>({
    queryKey: ['investigation.run', request],
    queryFn: async ({ signal }) => {
      const { source, filters, runAnyway = false } = request!;
      setProgress(null);
      setFirstRows(null);
      const stopper = new AbortController();
      stopRef.current = stopper;
      const job = await trackJob(
        bridge(),
        'investigation.run',
        () => bridge().call('investigation.start', { source, filters, runAnyway }),
        ['investigation.firstRows'],
        {
          onProgress: (_done, _total, message) => setProgress(message ?? null),
          onEvent: (name, payload) => {
            // A newer run's queryFn has cleared them; this job's rows belong to the one running now.
            if (name === 'investigation.firstRows' && !signal.aborted)
              setFirstRows((payload as EventPayload<'investigation.firstRows'>).rows);
          },
        },
      );
      // Stop, changed filters (a new key) or an unmounted view: stop the statements on the server.
      const cancel = () => void bridge().call('job.cancel', { jobId: job.jobId });
      if (signal.aborted || stopper.signal.aborted) cancel();
      signal.addEventListener('abort', cancel, { once: true });
      stopper.signal.addEventListener('abort', cancel, { once: true });
      try {
        return await job.finished;
      } finally {
        signal.removeEventListener('abort', cancel);
        stopper.signal.removeEventListener('abort', cancel);
        if (stopRef.current === stopper) stopRef.current = null;
      }
    },
    enabled: request !== null,
    placeholderData: keepPreviousData,
    // Results can hold 100,000 rows: keep none in the cache beyond the one on screen.
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
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
  const stop = useCallback(() => stopRef.current?.abort(), []);
  // Closing the window or tab: the engine must not keep reading for no one.
  useEffect(() => {
    window.addEventListener('pagehide', stop);
    return () => window.removeEventListener('pagehide', stop);
  }, [stop]);
  const error = query.isError ? query.error : null;
  // The answer is in but not yet `shown` (set by the effect above): keep the first rows for that
  // render rather than flash the previous result.
  const settling = query.data !== undefined && !query.isPlaceholderData && shown !== query.data;
  return {
    shown,
    settledRun,
    /** The request `shown` answers may differ from the one running; this is the one running or failed. */
    running: query.isFetching,
    /** What the running query does now ("Counting the matching errors"…). */
    progress: query.isFetching ? progress : null,
    /** The newest rows of the query still running, before its totals; null once it settles. */
    firstRows: query.isFetching || settling ? firstRows : null,
    /** Stopped by the user: not an error to show as a failure. */
    stopped: error?.code === 'CANCELLED',
    /** The engine estimated a huge scan and did not run it (message holds the estimate). */
    largeScan: error?.code === 'LARGE_SCAN' ? error : null,
    error: error && error.code !== 'CANCELLED' && error.code !== 'LARGE_SCAN' ? error : null,
    stop,
  };
}
