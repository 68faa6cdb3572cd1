import type { ErrorRow } from '../../shared/investigation.ts';
import { relatedValue, type RelatedKind } from '../lib/related-requests.ts';

const BUTTONS: { kind: RelatedKind; label: string; what: string }[] = [
  { kind: 'key', label: 'Same key', what: 'key alias' },
  { kind: 'deployment', label: 'Same deployment', what: 'deployment' },
  { kind: 'session', label: 'Same session', what: 'session' },
  { kind: 'around', label: '±5 minutes', what: 'time' },
];

/** One click each: filter the errors by this error's key, deployment or session, or the minutes around it. */
export function RelatedRequests({
  row,
  sessionId,
  sessionPending,
  onPick,
}: {
  row: ErrorRow;
  sessionId: string | null;
  sessionPending: boolean;
  onPick: (kind: RelatedKind, sessionId: string | null) => void;
}) {
  return (
    <section className="detail-section" aria-labelledby="related-title">
      <header className="detail-section-header">
        <h4 id="related-title">Related requests</h4>
      </header>
      <div className="related-buttons">
        {BUTTONS.map((b) => {
          const value = relatedValue(row, b.kind, sessionId);
          const title =
            b.kind === 'around'
              ? 'Every error from 5 minutes before this one to 5 minutes after (other filters cleared)'
              : value !== null
                ? `Errors with ${b.what} ${value} in the time range (other filters cleared)`
                : b.kind === 'session' && sessionPending
                  ? 'Reading the stored row for its session…'
                  : `This error has no ${b.what}`;
          return (
            <button
              key={b.kind}
              type="button"
              className="btn btn-sm"
              disabled={value === null}
              title={title}
              onClick={() => onPick(b.kind, sessionId)}
            >
              {b.label}
            </button>
          );
        })}
      </div>
    </section>
  );
}
