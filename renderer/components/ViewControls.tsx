import { useEffect, useState } from 'react';
import type { LiveEvery } from '../hooks/use-live-refresh.ts';
import type { useViewSession } from '../hooks/use-view-session.ts';
import { useOpenError } from '../hooks/use-open-error.ts';
import { CopyButton } from './CopyButton.tsx';
import { ChevronIcon } from './Icons.tsx';

const EVERY_LABEL: Record<LiveEvery, string> = { 0: 'Off', 15: 'Every 15 s', 60: 'Every 1 min' };

function agoText(seconds: number): string {
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : `${Math.floor(minutes / 60)} h ago`;
}

/** "updated 12 s ago", ticking by itself so the rest of the page does not re-render each second. */
function UpdatedAgo({ at }: { at: number }) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span className="live-ago">updated {agoText(Math.max(0, Math.round((now - at) / 1000)))}</span>;
}

export interface LiveState {
  every: LiveEvery;
  setEvery: (every: LiveEvery) => void;
  paused: boolean;
  setPaused: (paused: boolean) => void;
  updatedAt: number | null;
  /** Stopped (or refused as too large): no refresh until the query is run again. */
  halted: boolean;
  waiting: boolean;
}

export function LiveControl({ live, fresh }: { live: LiveState; fresh: number }) {
  return (
    <div
      className={`live-control${live.every > 0 && !live.paused ? ' on' : ''}`}
      role="group"
      aria-label="Live mode"
    >
      <label className="live-select" title="Run this query again by itself">
        <span className="live-dot" aria-hidden="true" />
        <span className="btn-label">Auto-refresh</span>
        <select
          aria-label="Auto-refresh"
          value={live.every}
          onChange={(e) => live.setEvery(Number(e.target.value) as LiveEvery)}
        >
          {([0, 15, 60] as const).map((n) => (
            <option key={n} value={n}>
              {EVERY_LABEL[n]}
            </option>
          ))}
        </select>
      </label>
      {live.every > 0 && (
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => live.setPaused(!live.paused)}>
          {live.paused ? 'Resume' : 'Pause'}
        </button>
      )}
      {live.halted && <span className="live-ago">stopped — run the query to resume</span>}
      {live.updatedAt !== null && !live.halted && <UpdatedAgo at={live.updatedAt} />}
      {fresh > 0 && (
        <span className="live-new" role="status">
          {fresh.toLocaleString('en-US')} new
        </span>
      )}
    </div>
  );
}

/** The desktop app's own Back/Forward (web mode has the browser's). */
export function HistoryButtons(props: {
  canBack: boolean;
  canForward: boolean;
  onBack: () => void;
  onForward: () => void;
}) {
  return (
    <div className="history-buttons" role="group" aria-label="View history">
      <button
        type="button"
        className="btn btn-ghost icon-btn"
        aria-label="Back"
        title="Back: the previous view (Alt+←)"
        disabled={!props.canBack}
        onClick={props.onBack}
      >
        <ChevronIcon size={14} style={{ transform: 'scaleX(-1)' }} />
      </button>
      <button
        type="button"
        className="btn btn-ghost icon-btn"
        aria-label="Forward"
        title="Forward (Alt+→)"
        disabled={!props.canForward}
        onClick={props.onForward}
      >
        <ChevronIcon size={14} />
      </button>
    </div>
  );
}

export function CopyLinkButton({ link, sourceLeftOut }: { link: string; sourceLeftOut: boolean }) {
  return (
    <CopyButton
      text={link}
      label="Copy link"
      caption="Copy link"
      title={
        sourceLeftOut
          ? 'Copy a link to this view. The database URL carries a password, so the link leaves the source out: save it as a connection to share it.'
          : 'Copy a link to this view: source, filters, range, tab and the open error'
      }
    />
  );
}

export function LinkNotice({ problems, onDismiss }: { problems: string[]; onDismiss: () => void }) {
  if (problems.length === 0) return null;
  return (
    <div className="link-notice" role="alert">
      <div>
        <strong>Parts of this link could not be used</strong>
        <ul>
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="btn btn-sm btn-ghost" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** The view's link, with the open error (read here, so opening one re-renders only this button). */
function ViewLink({ linked }: { linked: ReturnType<typeof useViewSession>['linked'] }) {
  const error = useOpenError()?.row.requestId;
  const link = error ? linked.linkFor(error) : linked.link;
  return link ? <CopyLinkButton link={link} sourceLeftOut={linked.sourceLeftOut} /> : null;
}

/** Right of the view tabs: history (desktop), live mode, Copy link. */
export function ViewBarControls({ session }: { session: ReturnType<typeof useViewSession> }) {
  const { linked, live, fresh } = session;
  return (
    <div className="view-bar-controls">
      {!linked.web && (
        <HistoryButtons
          canBack={linked.canBack}
          canForward={linked.canForward}
          onBack={linked.back}
          onForward={linked.forward}
        />
      )}
      <LiveControl live={live} fresh={fresh.size} />
      <ViewLink linked={linked} />
    </div>
  );
}
