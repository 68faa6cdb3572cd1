import type { InvestigationResult } from '../../shared/contract/investigation.ts';
import { bucketWords, count } from '../../shared/rate-words.ts';
import { formatTime } from '../lib/time-range-ui.ts';
import { Spinner } from './Feedback.tsx';

function formatDuration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * What the total counts: LiteLLM's failed requests (failed attempts when they stand in, issue 19);
 * a mapped source's errors.
 */
function totalNoun(result: InvestigationResult): string {
  const one = result.total === 1;
  if (result.attempts?.standIn) return one ? 'failed attempt' : 'failed attempts';
  if (result.failedAttempts !== undefined) return one ? 'failed request' : 'failed requests';
  return one ? 'error' : 'errors';
}

/** The result line: `N errors` or `N failed requests` (DESIGN §6), what was searched, and how much of it the table shows. */
export function SummaryBar({
  result,
  running,
  stale,
  share,
}: {
  result: InvestigationResult;
  running: boolean;
  stale: boolean;
  /** "6.1% of 19,520 requests", once the traffic of the same filters is known. */
  share?: string | null;
}) {
  const q = result.query;
  const shown = result.errors.length;
  return (
    <section
      className={`summary${stale ? ' summary-stale' : ''}`}
      aria-label="Result summary"
      data-from={q.from}
      data-to={q.to}
    >
      <div className="summary-main">
        <h2 className="summary-total" data-testid="error-total">
          {count(result.total)} {totalNoun(result)}
        </h2>
        {result.failedAttempts !== undefined && !result.attempts?.standIn && (
          <span
            className="summary-share"
            data-testid="attempt-total"
            title="LiteLLM_ErrorLogs rows: failed calls to a deployment, rescued ones included. Not added to the failed requests."
          >
            · {count(result.failedAttempts)} failed {result.failedAttempts === 1 ? 'attempt' : 'attempts'} on
            deployments
          </span>
        )}
        {share && (
          <span className="summary-share" data-testid="error-share">
            · {share}
          </span>
        )}
        {running && <Spinner label="Running query…" />}
      </div>
      <div className="summary-meta">
        <span title={`${q.from} → ${q.to} (UTC)`} data-testid="result-range">
          {formatTime(q.from)} → {formatTime(q.to)}
        </span>
        <span className="dot" aria-hidden="true">
          ·
        </span>
        <span>{bucketWords(q.bucketSeconds)} buckets</span>
        <span className="dot" aria-hidden="true">
          ·
        </span>
        <span>
          {shown < result.total
            ? `the newest ${count(shown)} of ${count(result.total)} errors listed below`
            : result.total === 1
              ? 'the one error listed below'
              : `all ${count(result.total)} errors listed below`}
        </span>
        <span className="dot" aria-hidden="true">
          ·
        </span>
        {result.timings?.investigateMs !== undefined && (
          <>
            <span data-testid="query-time" title="Time the engine spent on this query">
              query took {formatDuration(result.timings.investigateMs)}
            </span>
            <span className="dot" aria-hidden="true">
              ·
            </span>
          </>
        )}
        <span className="summary-source" title={result.source}>
          {result.source}
        </span>
      </div>
      {result.notes.map((note) => (
        <p key={note} className="summary-note">
          {note}
        </p>
      ))}
    </section>
  );
}
