import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Insights } from '../../shared/analysis.ts';
import type { AppError } from '../../shared/errors.ts';
import { bridge } from '../bridge/bridge.ts';
import { trackJob } from './job-tracker.ts';

export interface InsightsProgress {
  done: number;
  total: number | null;
  message?: string;
}

/**
 * `analysis.insights.start` for one investigation: patterns and spikes over all its matching errors,
 * with the job's progress while the engine reads them. Cached per investigation id (the engine
 * computes them once per investigation, so there is nothing to refetch).
 */
export function useInsights(investigationId: string | null) {
  const [progress, setProgress] = useState<{ id: string; value: InsightsProgress } | null>(null);
  const query = useQuery<Insights, AppError>({
    queryKey: ['analysis.insights', investigationId],
    queryFn: async ({ signal }) => {
      const id = investigationId!;
      const job = await trackJob(
        bridge(),
        'analysis.insights',
        () => bridge().call('analysis.insights.start', { investigationId: id }),
        [],
        { onProgress: (done, total, message) => setProgress({ id, value: { done, total, message } }) },
      );
      // A newer run replaced this one: stop reading its errors.
      signal.addEventListener('abort', () => void bridge().call('job.cancel', { jobId: job.jobId }));
      return job.finished;
    },
    enabled: investigationId !== null,
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
  return {
    insights: query.data ?? null,
    loading: query.isPending && investigationId !== null,
    progress: progress && progress.id === investigationId ? progress.value : null,
    error: query.isError ? query.error : null,
    retry: () => void query.refetch(),
  };
}
