import { BREAKDOWN_BARS } from '../../shared/chart-shaping.ts';
import type { ErrorRow } from '../../shared/investigation.ts';
import { count } from '../../shared/rate-words.ts';
import { PatternsPanel } from './PatternsPanel.tsx';
import { ResultsTable } from './ResultsTable.tsx';
import { SpikesPanel } from './SpikesPanel.tsx';

const BAR_HEIGHT = 26; // BreakdownChart's row height
const noop = () => undefined;

/** A chart's card with its title and the height it will have, so nothing moves when it is drawn. */
function ChartPlaceholder({
  title,
  height,
  className,
  legend = false,
}: {
  title: string;
  height: number;
  className: string;
  legend?: boolean;
}) {
  return (
    <section className={`card chart-card chart-placeholder ${className}`} aria-label={`${title} (counting)`}>
      <header className="card-header">
        <h3>{title}</h3>
        {/* As tall as a legend's line, which the timeline's header will have. */}
        {legend && <span className="legend-item placeholder-legend" aria-hidden="true" />}
      </header>
      <div className="chart-body" style={{ height }}>
        <div className="placeholder-fill" />
      </div>
    </section>
  );
}

/**
 * The running investigation's newest rows, shown before its totals: the summary says the count is
 * still being made, and the charts and insights keep the places they will take.
 */
export function FirstRowsView({
  rows,
  freshIds,
  onOpen,
}: {
  rows: ErrorRow[];
  freshIds?: ReadonlySet<string>;
  onOpen: (row: ErrorRow) => void;
}) {
  // A gateway's breakdowns mostly fill their bars (more keys and models than fit): hold the most.
  const breakdownHeight = BREAKDOWN_BARS * BAR_HEIGHT + 8;
  return (
    <div className="results results-first" data-testid="first-rows">
      <section className="summary" aria-label="Result summary">
        <div className="summary-main">
          <h2 className="summary-total" data-testid="error-total-pending">
            Counting the errors…
          </h2>
        </div>
        <div className="summary-meta">
          <span>
            {rows.length
              ? `the newest ${count(rows.length)} ${rows.length === 1 ? 'error' : 'errors'} listed below`
              : 'no matching error so far'}
          </span>
          <span className="dot" aria-hidden="true">
            ·
          </span>
          <span>the total, charts, patterns and spikes follow</span>
        </div>
      </section>
      <div className="charts" aria-busy="true">
        <ChartPlaceholder title="Errors over time" height={200} className="timeline-card" legend />
        <div className="breakdowns">
          <ChartPlaceholder title="By model" height={breakdownHeight} className="breakdown-card" />
          <ChartPlaceholder title="By error type" height={breakdownHeight} className="breakdown-card" />
          <ChartPlaceholder title="By key alias" height={breakdownHeight} className="breakdown-card" />
        </div>
      </div>
      <div className="insights">
        <PatternsPanel
          insights={null}
          progress={null}
          error={null}
          onRetry={noop}
          onPick={noop}
          cause={null}
          onCause={noop}
          onExample={noop}
        />
        <SpikesPanel insights={null} progress={null} failed={false} onPick={noop} />
      </div>
      <ResultsTable rows={rows} total={rows.length} {...(freshIds ? { freshIds } : {})} onOpen={onOpen} />
    </div>
  );
}
