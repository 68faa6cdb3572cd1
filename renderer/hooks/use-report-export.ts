import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { CallArgs } from '../../shared/contract/index.ts';
import type { ReportExportResult, ReportLocation } from '../../shared/contract/reports.ts';
import { AppError, toAppError } from '../../shared/errors.ts';
import { bridge } from '../bridge/bridge.ts';
import { trackJob } from './job-tracker.ts';

export interface ExportState {
  status: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: { done: number; total: number | null; message?: string | undefined } | null;
  result: ReportExportResult | null;
  error: AppError | null;
}

const IDLE: ExportState = { status: 'idle', progress: null, result: null, error: null };

/** `report.start`: writes the report folder as a job, with progress, and can be cancelled. */
export function useReportExport() {
  const [state, setState] = useState<ExportState>(IDLE);
  const jobRef = useRef<string | null>(null);
  const client = useQueryClient();

  const start = useCallback(
    async (args: CallArgs<'report.start'>) => {
      setState({ ...IDLE, status: 'running' });
      try {
        const job = await trackJob(bridge(), 'report.export', () => bridge().call('report.start', args), [], {
          onProgress: (done, total, message) =>
            setState((s) => ({ ...s, progress: { done, total, message } })),
        });
        jobRef.current = job.jobId;
        const result = await job.finished;
        setState({ status: 'done', progress: null, result, error: null });
        void client.invalidateQueries({ queryKey: ['report.lastLocation'] });
      } catch (err) {
        const error = toAppError(err);
        setState({
          status: error.code === 'CANCELLED' ? 'cancelled' : 'failed',
          progress: null,
          result: null,
          error,
        });
      } finally {
        jobRef.current = null;
      }
    },
    [client],
  );
  const cancel = useCallback(() => {
    if (jobRef.current) void bridge().call('job.cancel', { jobId: jobRef.current });
  }, []);
  return { state, start, cancel };
}

/** `report.lastLocation` */
export function useReportLocation() {
  return useQuery<ReportLocation, AppError>({
    queryKey: ['report.lastLocation'],
    queryFn: () => bridge().call('report.lastLocation', {}),
    staleTime: Infinity,
  });
}

/** `report.reveal` */
export function useRevealReport() {
  return useMutation<{ revealed: boolean; path: string }, AppError, string>({
    mutationFn: (path) => bridge().call('report.reveal', { path }),
  });
}

/** `report.folder`: the absolute folder a typed one stands for (a relative folder is inside the home folder). */
export function useReportFolder(outDir: string) {
  const folder = outDir.trim();
  return useQuery<{ path: string }, AppError>({
    queryKey: ['report.folder', folder],
    queryFn: () => bridge().call('report.folder', { outDir: folder }),
    enabled: folder.length > 0,
    staleTime: Infinity,
  });
}
