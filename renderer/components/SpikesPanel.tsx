import type { Insights, Spike } from '../../shared/analysis.ts';
import { noSpikeWords, spikeSentence } from '../lib/insights-shaping.ts';
import { progressLabel } from './PatternsPanel.tsx';
import type { InsightsProgress } from '../hooks/use-insights.ts';
import { EmptyState, Spinner } from './Feedback.tsx';

const SHOWN = 5;

/**
 * Windows where one model, key alias or error type ran far above the rest of the range, strongest first.
 * Clicking one filters to that value and zooms the time range to the window.
 */
export function SpikesPanel({
  insights,
  progress,
  failed,
  onPick,
}: {
  insights: Insights | null;
  progress: InsightsProgress | null;
  /** The patterns panel reports the error; this one just stays quiet. */
  failed: boolean;
  onPick: (spike: Spike) => void;
}) {
  const spikes = insights?.spikes.slice(0, SHOWN) ?? [];
  return (
    <section
      className="card insights-card spikes-card"
      aria-labelledby="spikes-title"
      aria-busy={!insights && !failed}
    >
      <header className="card-header">
        <h3 id="spikes-title">Spikes</h3>
        {spikes.length > 0 && <span className="muted card-hint">click one to zoom in</span>}
      </header>
      {failed ? (
        <p className="muted insights-note">Not available.</p>
      ) : !insights ? (
        <div className="insights-loading">
          <Spinner label={progressLabel('Looking for spikes', progress)} />
        </div>
      ) : spikes.length === 0 ? (
        <EmptyState title={noSpikeWords(insights).title}>{noSpikeWords(insights).text}</EmptyState>
      ) : (
        <ol className="spike-list" aria-label="Spikes, strongest first">
          {spikes.map((spike) => {
            const sentence = spikeSentence(spike, insights);
            return (
              <li key={`${spike.dimension}:${spike.value}:${spike.from}`}>
                <button
                  type="button"
                  className="spike-row"
                  title={`Filter by this ${spike.dimension === 'keyAlias' ? 'key alias' : spike.dimension === 'errorType' ? 'error type' : 'model'} and show only this window\n${spike.summary}`}
                  onClick={() => onPick(spike)}
                >
                  <span className="spike-dot" aria-hidden="true" />
                  <span className="spike-text">{sentence}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
