import type { AnalysisState } from '../hooks/use-analysis.ts';
import { ErrorNotice, Spinner } from './Feedback.tsx';
import { CloseIcon, SparkIcon } from './Icons.tsx';
import { Markdown } from './Markdown.tsx';

function costLine(state: AnalysisState): string | null {
  const r = state.result;
  if (!r) return null;
  if (r.offline) return 'Offline summary (no LLM configured)';
  const tokens = `${(r.usage.promptTokens + r.usage.completionTokens).toLocaleString()} tokens${r.usage.estimated ? ' (estimated)' : ''}`;
  const cost = r.estimatedCost === null ? '' : ` · ≈ ${r.estimatedCost.toFixed(4)} ${r.currency}`;
  return `${r.model ?? 'LLM'} · ${tokens}${cost}${r.cached ? ' · from cache' : ''}`;
}

/** The streamed analysis of the results on screen, with its cost, and a way to stop it. */
export function AnalysisPanel({
  state,
  stale,
  onCancel,
  onRerun,
  onClose,
  onConfigure,
}: {
  state: AnalysisState;
  /** The results on screen changed since this analysis started. */
  stale: boolean;
  onCancel: () => void;
  onRerun: () => void;
  onClose: () => void;
  onConfigure: () => void;
}) {
  const running = state.status === 'running';
  const cost = costLine(state);
  return (
    <section className="card analysis-card" aria-labelledby="analysis-title" aria-busy={running}>
      <header className="card-header">
        <h3 id="analysis-title">
          <SparkIcon size={14} className="analysis-icon" /> Analysis
        </h3>
        <div className="analysis-actions">
          {running ? (
            <button type="button" className="btn btn-sm" onClick={onCancel}>
              Stop
            </button>
          ) : state.result?.offline && !stale ? null : (
            // The offline summary is computed, not asked: asking again gives the same text.
            <button type="button" className="btn btn-sm" onClick={onRerun}>
              {state.status === 'done' ? 'Ask again' : 'Try again'}
            </button>
          )}
          <button
            type="button"
            className="btn btn-ghost icon-btn"
            aria-label="Close the analysis"
            onClick={onClose}
          >
            <CloseIcon size={14} />
          </button>
        </div>
      </header>
      <div className="analysis-body">
        {stale && !running && (
          <p className="summary-note">The results changed since this analysis: run it again to cover them.</p>
        )}
        {state.markdown ? (
          <Markdown text={state.markdown} />
        ) : (
          running && <Spinner label="Reading the errors and asking the model…" />
        )}
        {running && state.markdown && <span className="typing-caret" aria-hidden="true" />}
        {state.note && (
          <p className="muted small" role="status">
            {state.note}
          </p>
        )}
        {state.status === 'cancelled' && <p className="muted small">Stopped.</p>}
        {(state.status === 'failed' || state.status === 'cancelled') && state.markdown && (
          <p className="muted small analysis-incomplete">
            Incomplete: the answer above stopped early and was not saved.
          </p>
        )}
        {state.status === 'failed' && state.error && (
          <ErrorNotice title="The analysis failed" error={state.error} compact />
        )}
      </div>
      {cost && (
        <footer className="analysis-footer muted small">
          {cost}
          {state.result?.offline && (
            <button type="button" className="link-button" onClick={onConfigure}>
              Configure an LLM
            </button>
          )}
        </footer>
      )}
    </section>
  );
}
