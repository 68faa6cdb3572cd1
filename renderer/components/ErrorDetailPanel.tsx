import { formatMs } from '../../shared/traffic-format.ts';
import { filterValueLabel } from '../../shared/filters.ts';
import { useEffect, useRef, type ReactNode } from 'react';
import type { Source } from '../../shared/connection.ts';
import type { ErrorRow } from '../../shared/investigation.ts';
import { redactSecrets } from '../../shared/redact-secrets.ts';
import { useErrorDetail } from '../hooks/use-error-detail.ts';
import { useOpenError, type OpenErrorStore } from '../hooks/use-open-error.ts';
import { formatTime } from '../lib/time-range-ui.ts';
import { CopyButton } from './CopyButton.tsx';
import { ErrorNotice, Spinner } from './Feedback.tsx';
import { CloseIcon } from './Icons.tsx';
import { JsonTree } from './JsonTree.tsx';
import { MatchedAttempts } from './MatchedAttempts.tsx';
import { RelatedRequests } from './RelatedRequests.tsx';
import type { RelatedKind } from '../lib/related-requests.ts';

const asRecord = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

function Section({
  title,
  copy,
  children,
}: {
  title: string;
  copy?: { text: string; label: string };
  children: ReactNode;
}) {
  return (
    <section className="detail-section">
      <header className="detail-section-header">
        <h4>{title}</h4>
        {copy && <CopyButton text={copy.text} label={copy.label} />}
      </header>
      {children}
    </section>
  );
}

/** Every field of one error: the merged row at once, then the raw LiteLLM rows (secrets redacted). Esc closes it. */
export function ErrorDetailPanel({
  source,
  row,
  partial = false,
  link,
  onClose,
  onRelated,
}: {
  source: Source;
  row: ErrorRow;
  /** Built from a pattern's example: fields it lacks are unknown, not empty, so they are left out. */
  partial?: boolean;
  /** A link to this view with this error open (Copy link). */
  link?: string | null;
  onClose: () => void;
  /** Shows the related-requests buttons; the session id comes from the stored SpendLogs row. */
  onRelated?: (kind: RelatedKind, sessionId: string | null) => void;
}) {
  const detail = useErrorDetail(source, row.requestId);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('dialog[open]')) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose, row.requestId]);

  const spend = detail.data?.spendLogs ?? null;
  const errorLog = detail.data?.errorLogs ?? null;
  const callRow = detail.data?.callRow ?? null;
  const metadata = asRecord(spend?.metadata);
  const errorInfo = asRecord(metadata?.error_information);
  const traceback = typeof errorInfo?.traceback === 'string' ? errorInfo.traceback : null;
  const kwargs = errorLog?.request_kwargs;
  const message = row.errorMessage === null ? null : redactSecrets(row.errorMessage);
  const allFacts: [string, ReactNode][] = [
    [
      'Time',
      <>
        {formatTime(row.time, true)} <span className="faint">({row.time})</span>
      </>,
    ],
    ['Model', row.model ?? '—'],
    ['Deployment', row.deployment ?? '—'],
    ['Key alias', filterValueLabel('keyAliases', row.keyAlias ?? detail.data?.tokenKeyAlias)],
    ['Team', filterValueLabel('teamAliases', row.teamAlias)],
    ['Status code', row.statusCode ?? '—'],
    ['Error type', row.errorType],
    ['Provider', row.provider ?? '—'],
    ['API base', row.apiBase ?? '—'],
    [
      'Duration',
      // The table's format; the exact milliseconds on hover.
      row.durationMs === null ? (
        '—'
      ) : (
        <span title={`${row.durationMs.toLocaleString('en-US')} ms`}>{formatMs(row.durationMs)}</span>
      ),
    ],
    ['Tokens', row.totalTokens === null ? '—' : row.totalTokens.toLocaleString()],
    ['Found in', row.sources.map((s) => (s === 'spend_logs' ? 'SpendLogs' : 'ErrorLogs')).join(' + ')],
  ];
  const facts = partial ? allFacts.filter(([, v]) => v !== '—' && v !== '') : allFacts;

  return (
    <aside className="detail-panel" role="dialog" aria-modal="false" aria-labelledby="detail-title">
      <header className="detail-header">
        <div className="detail-heading">
          <span className="detail-kicker">
            {row.errorType}
            {row.statusCode && <span className="detail-status"> · {row.statusCode}</span>}
          </span>
          <h3 id="detail-title">Error details</h3>
          <div className="detail-id mono">
            <span title={row.requestId}>{row.requestId}</span>
            <CopyButton text={row.requestId} label="Copy request id" />
            {link && <CopyButton text={link} label="Copy link to this error" caption="Copy link" />}
          </div>
        </div>
        <button
          ref={closeRef}
          type="button"
          className="btn btn-ghost icon-btn"
          aria-label="Close details (Esc)"
          onClick={onClose}
        >
          <CloseIcon />
        </button>
      </header>
      <div className="detail-body">
        <dl className="facts">
          {facts.map(([k, v]) => (
            <div key={k} className="fact">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        {onRelated && (
          <RelatedRequests
            row={row}
            sessionId={
              typeof spend?.session_id === 'string' && spend.session_id !== '' ? spend.session_id : null
            }
            sessionPending={detail.isPending}
            onPick={onRelated}
          />
        )}
        {partial && (
          <p className="muted small">
            An example of the pattern, outside the loaded rows: its stored rows below hold every field.
          </p>
        )}
        <Section title="Message" copy={message ? { text: message, label: 'Copy message' } : undefined}>
          <pre className="detail-pre">{message ?? '—'}</pre>
        </Section>
        {detail.isPending && <Spinner label="Loading the stored rows…" />}
        {detail.isError && (
          <ErrorNotice
            title="Could not load the stored rows"
            error={detail.error}
            onRetry={() => void detail.refetch()}
            compact
          />
        )}
        <MatchedAttempts rows={detail.data?.matchedAttempts ?? []} />
        {traceback && (
          <Section title="Traceback" copy={{ text: traceback, label: 'Copy traceback' }}>
            <pre className="detail-pre traceback">{traceback}</pre>
          </Section>
        )}
        {kwargs !== undefined && kwargs !== null && (
          <Section
            title="Request kwargs"
            copy={{ text: JSON.stringify(kwargs, null, 2), label: 'Copy request kwargs' }}
          >
            <JsonTree value={kwargs} openDepth={2} />
          </Section>
        )}
        {metadata && (
          <Section
            title="Metadata"
            copy={{ text: JSON.stringify(metadata, null, 2), label: 'Copy metadata' }}
          >
            <JsonTree value={metadata} openDepth={1} />
          </Section>
        )}
        {spend && (
          <Section
            title="LiteLLM_SpendLogs row"
            copy={{ text: JSON.stringify(spend, null, 2), label: 'Copy SpendLogs row' }}
          >
            <JsonTree value={spend} openDepth={0} />
          </Section>
        )}
        {callRow && (
          <Section
            title={`${callRow.table} row`}
            copy={{ text: JSON.stringify(callRow.row, null, 2), label: 'Copy the stored row' }}
          >
            <JsonTree value={callRow.row} openDepth={1} />
          </Section>
        )}
        {errorLog && (
          <Section
            title="LiteLLM_ErrorLogs row"
            copy={{ text: JSON.stringify(errorLog, null, 2), label: 'Copy ErrorLogs row' }}
          >
            <JsonTree value={errorLog} openDepth={0} />
          </Section>
        )}
        {detail.data && (
          <p className="muted small">Credentials (API keys, tokens, passwords) are redacted by Logdesk.</p>
        )}
      </div>
    </aside>
  );
}

/** The panel of the error the store has open, if any; only this re-renders when one opens. */
export function OpenErrorPanel({
  store,
  source,
  linkFor,
  onRelated,
}: {
  store: OpenErrorStore;
  source: Source;
  linkFor?: (requestId: string) => string | null;
  onRelated?: (row: ErrorRow, kind: RelatedKind, sessionId: string | null) => void;
}) {
  const open = useOpenError(store);
  return open ? (
    <ErrorDetailPanel
      source={source}
      row={open.row}
      partial={open.partial}
      link={linkFor?.(open.row.requestId)}
      onClose={store.close}
      onRelated={onRelated && ((kind, sessionId) => onRelated(open.row, kind, sessionId))}
    />
  ) : null;
}
