import { useCallback, useEffect, useRef, useState } from 'react';
import type { AnalysisResult } from '../../shared/contract/analysis.ts';
import { AppError, toAppError } from '../../shared/errors.ts';
import { bridge } from '../bridge/bridge.ts';
import { trackJob } from './job-tracker.ts';
import { displayTimeZoneName } from '../lib/display-zone.ts';

export interface AnalysisState {
  status: 'idle' | 'running' | 'done' | 'failed' | 'cancelled';
  investigationId: string | null;
  /** The Markdown so far (streamed), or the whole answer once done. */
  markdown: string;
  /** What the engine is doing right now (retrying after a 429…). */
  note: string | null;
  result: AnalysisResult | null;
  error: AppError | null;
}

const IDLE: AnalysisState = {
  status: 'idle',
  investigationId: null,
  markdown: '',
  note: null,
  result: null,
  error: null,
};

/** `analysis.start`: streams the analysis of one investigation; `cancel` really stops the LLM request. */
export function useAnalysis() {
  const [state, setState] = useState<AnalysisState>(IDLE);
  const jobRef = useRef<string | null>(null);
  const runRef = useRef(0);

  const start = useCallback(async (investigationId: string, force = false) => {
    const run = ++runRef.current;
    const mine = () => run === runRef.current;
    setState({ ...IDLE, status: 'running', investigationId });
    try {
      const job = await trackJob(
        bridge(),
        'analysis',
        () => bridge().call('analysis.start', { investigationId, force, timeZone: displayTimeZoneName() }),
        ['analysis.delta', 'analysis.status'],
        {
          onEvent: (name, payload) => {
            if (!mine()) return;
            if (name === 'analysis.delta')
              setState((s) => ({ ...s, markdown: s.markdown + String(payload.text) }));
            if (name === 'analysis.status') setState((s) => ({ ...s, note: String(payload.message) }));
          },
        },
      );
      jobRef.current = job.jobId;
      const result = await job.finished;
      if (mine()) setState((s) => ({ ...s, status: 'done', markdown: result.markdown, result, note: null }));
    } catch (err) {
      const error = toAppError(err);
      if (mine())
        setState((s) => ({
          ...s,
          status: error.code === 'CANCELLED' ? 'cancelled' : 'failed',
          error,
          note: null,
        }));
    } finally {
      if (mine()) jobRef.current = null;
    }
  }, []);

  const cancel = useCallback(() => {
    const id = jobRef.current;
    if (id) void bridge().call('job.cancel', { jobId: id });
  }, []);

  const reset = useCallback(() => {
    runRef.current++;
    setState(IDLE);
  }, []);

  // Leaving the app mid-analysis must not leave an LLM request running.
  useEffect(
    () => () => {
      if (jobRef.current) void bridge().call('job.cancel', { jobId: jobRef.current });
    },
    [],
  );

  return { state, start, cancel, reset };
}
