import type { InvestigationResult } from '../../shared/contract/investigation.ts';
import type { BreakdownField } from '../../shared/chart-shaping.ts';
import type { Filters } from '../../shared/filters.ts';
import type { useAnalysis } from '../hooks/use-analysis.ts';
import type { useInsights } from '../hooks/use-insights.ts';
import type { OpenErrorStore } from '../hooks/use-open-error.ts';
import { exampleRow, spikeFilters } from '../lib/insights-shaping.ts';
import { zoomedFilters } from '../lib/timeline-zoom.ts';
import { AnalysisPanel } from './AnalysisPanel.tsx';
import { AttemptsPanel } from './AttemptsPanel.tsx';
import { ChartsPanel } from './ChartsPanel.tsx';
import { keepFocus } from './FilterBar.tsx';
import { PatternsPanel } from './PatternsPanel.tsx';
import { ResultsTable } from './ResultsTable.tsx';
import { SpikesPanel } from './SpikesPanel.tsx';
import { SummaryBar } from './SummaryBar.tsx';

interface Props {
  result: InvestigationResult;
  /** The form no longer shows what these results are for. */
  stale: boolean;
  running: boolean;
  /** The run button's problem (a bad range, no URL), or null. */
  problem: string | null;
  onRun: () => void;
  share: string | null;
  analysis: ReturnType<typeof useAnalysis>;
  insights: ReturnType<typeof useInsights>;
  filters: Filters;
  /** New filters, run at once (a click on a chart, a pattern, a spike). */
  onApply: (next: Filters) => void;
  onPick: (field: BreakdownField, value: string) => void;
  openError: OpenErrorStore;
  freshIds: ReadonlySet<string>;
  onConfigureLlm: () => void;
}

/** The Errors tab's answer: summary, analysis, charts, patterns and spikes, the requests table. */
export function ErrorsResults({
  result,
  stale,
  running,
  problem,
  onRun,
  share,
  analysis,
  insights,
  filters,
  onApply,
  onPick,
  openError,
  freshIds,
  onConfigureLlm,
}: Props) {
  return (
    <div className={`results${stale ? ' results-stale' : ''}`}>
      {stale && (
        <div className="stale-banner" role="status">
          <span>Filters changed — the results below are for the previous query.</span>
          <button
            type="button"
            className="btn btn-sm btn-primary"
            onMouseDown={keepFocus}
            onClick={onRun}
            disabled={problem !== null}
          >
            Run query
          </button>
        </div>
      )}
      <SummaryBar result={result} running={running} stale={stale} share={share} />
      {analysis.state.status !== 'idle' && (
        <AnalysisPanel
          state={analysis.state}
          stale={analysis.state.investigationId !== result.id}
          onCancel={analysis.cancel}
          onRerun={() => void analysis.start(result.id, true)}
          onClose={analysis.reset}
          onConfigure={onConfigureLlm}
        />
      )}
      <ChartsPanel
        investigation={result}
        onPick={onPick}
        onZoom={(w) => onApply(zoomedFilters(filters, w))}
      />
      <div className="insights">
        <PatternsPanel
          insights={insights.insights}
          progress={insights.progress}
          error={insights.error}
          onRetry={insights.retry}
          onPick={(text) => onApply({ ...filters, text })}
          cause={filters.categories.length === 1 ? filters.categories[0]! : null}
          onCause={(c) => onApply({ ...filters, categories: c ? [c] : [] })}
          onExample={(example) => {
            const { row, partial } = exampleRow(example, result.errors);
            openError.open(row, partial);
          }}
        />
        <SpikesPanel
          insights={insights.insights}
          progress={insights.progress}
          failed={insights.error !== null}
          onPick={(spike) => onApply(spikeFilters(filters, spike))}
        />
      </div>
      <ResultsTable rows={result.errors} total={result.total} freshIds={freshIds} onOpen={openError.open} />
      {/* Below the requests: it arrives with the totals, and nothing above the table may move then. */}
      {result.attempts && (
        <AttemptsPanel
          attempts={result.attempts}
          keyFiltered={result.query.keyAliases.length > 0 || result.query.teamAliases.length > 0}
        />
      )}
    </div>
  );
}
