import { filterValueLabel } from '../../shared/filters.ts';
import { useState } from 'react';
import { formatMs, formatSpend } from '../../shared/traffic-format.ts';
import type { RequestSort, TrafficRequest } from '../../shared/traffic.ts';
import { useRequestPages, type TrafficRequestSpec } from '../hooks/use-traffic.ts';
import { formatTime } from '../lib/time-range-ui.ts';
import { ErrorNotice, Spinner } from './Feedback.tsx';

const COLUMNS: { sort: RequestSort | null; label: string }[] = [
  { sort: 'time', label: 'Time' },
  { sort: null, label: 'Status' },
  { sort: null, label: 'Model' },
  { sort: null, label: 'Key alias' },
  { sort: 'durationMs', label: 'Duration' },
  { sort: 'totalTokens', label: 'Tokens' },
  { sort: 'spend', label: 'Spend' },
];

/** Every request, successful ones too, paged by a keyset cursor; a click opens it in the detail panel. */
export function RequestList({
  request,
  total,
  selectedId,
  onOpen,
}: {
  request: TrafficRequestSpec;
  total: number;
  selectedId: string | null;
  onOpen: (row: TrafficRequest) => void;
}) {
  const [sort, setSort] = useState<RequestSort>('time');
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc');
  const pages = useRequestPages(request, sort, direction);
  const rows = pages.data?.pages.flatMap((p) => p.requests) ?? [];
  const order = (next: RequestSort) => {
    if (next === sort) setDirection(direction === 'desc' ? 'asc' : 'desc');
    else {
      setSort(next);
      setDirection('desc');
    }
  };
  return (
    <section className="card requests-card" aria-labelledby="requests-title">
      <header className="card-header">
        <h3 id="requests-title">Requests</h3>
        <span className="card-hint">
          {rows.length.toLocaleString()} of {total.toLocaleString()} shown
        </span>
      </header>
      {pages.error && (
        <ErrorNotice
          title="Could not load requests"
          error={pages.error}
          onRetry={() => void pages.refetch()}
        />
      )}
      <div className="requests-scroll">
        <table className="usage-table requests-table" aria-label="Requests">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th
                  key={c.label}
                  scope="col"
                  className={c.sort && c.sort !== 'time' ? 'num' : undefined}
                  aria-sort={
                    c.sort === sort ? (direction === 'desc' ? 'descending' : 'ascending') : undefined
                  }
                >
                  {c.sort ? (
                    <button type="button" className="link-btn" onClick={() => order(c.sort!)}>
                      {c.label}
                      {c.sort === sort ? (direction === 'desc' ? ' ↓' : ' ↑') : ''}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.requestId}
                className={`request-row${r.requestId === selectedId ? ' selected' : ''}`}
                tabIndex={0}
                onClick={() => onOpen(r)}
                onKeyDown={(e) => e.key === 'Enter' && onOpen(r)}
              >
                <td title={r.time}>{formatTime(r.time)}</td>
                <td>
                  <span className={`status-pill ${r.status}`}>
                    {r.status === 'success' ? 'ok' : (r.errorType ?? 'failed')}
                  </span>
                </td>
                <td>{r.model ?? '—'}</td>
                <td>{filterValueLabel('keyAliases', r.keyAlias)}</td>
                <td className="num">{formatMs(r.durationMs)}</td>
                <td className="num">{r.totalTokens === null ? '—' : r.totalTokens.toLocaleString()}</td>
                <td className="num">{r.spend === null ? '—' : formatSpend(r.spend, r.spendEstimated, '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <footer className="requests-footer">
        {pages.isFetching ? (
          <Spinner label="Loading requests…" />
        ) : pages.hasNextPage ? (
          <button type="button" className="btn" onClick={() => void pages.fetchNextPage()}>
            Load more
          </button>
        ) : (
          rows.length > 0 && <span className="card-hint">End of the list</span>
        )}
      </footer>
    </section>
  );
}
