import { missingValueLabel } from '../../shared/filters.ts';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ErrorRow } from '../../shared/investigation.ts';
import { redactSecrets } from '../../shared/redact-secrets.ts';
import { formatMs } from '../../shared/traffic-format.ts';
import { nextSort, sortRows, type SortKey, type SortState } from '../lib/sort-rows.ts';
import { formatTime } from '../lib/time-range-ui.ts';
import { EmptyState } from './Feedback.tsx';
import { useOpenError } from '../hooks/use-open-error.ts';

/**
 * One row shows at most this much of a message (the full text is in the detail panel, the CSV and
 * the JSON): a 10 MB message must not be redacted and laid out on every scroll.
 */
const TABLE_CELL_MAX = 2_000;
const tableCell = (text: string) =>
  text.length <= TABLE_CELL_MAX
    ? redactSecrets(text)
    : // Redact a little more than is shown, so a secret cut at the edge is still recognised whole.
      `${redactSecrets(text.slice(0, TABLE_CELL_MAX + 200)).slice(0, TABLE_CELL_MAX)}…`;

const ROW_HEIGHT = 34;
/** The sticky header row sits inside the scroll element, above the virtual rows. */
const HEADER_HEIGHT = 34;

const COLUMNS: { key: SortKey; label: string; className: string }[] = [
  { key: 'time', label: 'Time', className: 'col-time' },
  { key: 'model', label: 'Model', className: 'col-model' },
  { key: 'keyAlias', label: 'Key alias', className: 'col-alias' },
  { key: 'statusCode', label: 'Status', className: 'col-status' },
  { key: 'errorType', label: 'Error type', className: 'col-type' },
  { key: 'durationMs', label: 'Duration', className: 'col-duration' },
  { key: 'errorMessage', label: 'Message', className: 'col-message' },
];

function statusClass(code: string | null): string {
  if (!code) return 'status-badge';
  if (code.startsWith('5')) return 'status-badge status-5xx';
  if (code === '429') return 'status-badge status-429';
  if (code.startsWith('4')) return 'status-badge status-4xx';
  return 'status-badge';
}

interface Props {
  rows: ErrorRow[];
  total: number;
  /** Rows a live refresh brought in: highlighted until the next answer. */
  freshIds?: ReadonlySet<string>;
  onOpen: (row: ErrorRow) => void;
}

/**
 * The newest matching errors, virtualised (only the visible rows are in the DOM, so 100,000 rows
 * scroll smoothly) and sortable. Arrow keys move, Enter opens the detail panel.
 */
export function ResultsTable({ rows, total, freshIds, onOpen }: Props) {
  const selectedId = useOpenError()?.row.requestId ?? null;
  const [sort, setSort] = useState<SortState>({ key: 'time', dir: 'desc' });
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const [active, setActive] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    scrollMargin: HEADER_HEIGHT,
  });

  useEffect(() => setActive(0), [rows]);

  const move = (index: number) => {
    const next = Math.max(0, Math.min(sorted.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const page = Math.max(
    1,
    Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1,
  );
  const onKeyDown = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(sorted.length - 1),
      Enter: () => sorted[active] && onOpen(sorted[active]!),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  return (
    <section className="card results-card" aria-labelledby="results-title">
      <header className="card-header">
        <h3 id="results-title">Errors</h3>
        <span className="muted">
          {rows.length < total
            ? `Newest ${rows.length.toLocaleString()} of ${total.toLocaleString()}`
            : `${rows.length.toLocaleString()} rows`}
        </span>
      </header>
      {rows.length === 0 ? (
        <EmptyState title="No errors match these filters">
          Widen the time range or remove a filter.
        </EmptyState>
      ) : (
        <div
          ref={scrollRef}
          className="grid"
          role="grid"
          tabIndex={0}
          aria-rowcount={sorted.length + 1}
          aria-labelledby="results-title"
          aria-describedby="results-keys"
          aria-activedescendant={sorted[active] ? `row-${active}` : undefined}
          onKeyDown={onKeyDown}
        >
          <span id="results-keys" className="sr-only">
            Arrow keys move between rows, Enter opens the details.
          </span>
          <div className="grid-row grid-head" role="row" aria-rowindex={1}>
            {COLUMNS.map((c) => {
              const current = sort.key === c.key;
              return (
                <div
                  key={c.key}
                  role="columnheader"
                  className={`grid-cell ${c.className}`}
                  aria-sort={current ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => setSort(nextSort(sort, c.key))}
                  >
                    {c.label}
                    <span className={`sort-arrow${current ? ' on' : ''}`} aria-hidden="true">
                      {current && sort.dir === 'asc' ? '▲' : '▼'}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
          <div role="rowgroup">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = sorted[item.index]!;
                const message = row.errorMessage === null ? null : tableCell(row.errorMessage);
                const classes = [
                  'grid-row',
                  item.index % 2 ? 'odd' : '',
                  item.index === active ? 'active' : '',
                  row.requestId === selectedId ? 'selected' : '',
                  freshIds?.has(row.requestId) ? 'fresh' : '',
                ];
                return (
                  <div
                    // Keyed by slot, not by request: scrolling reuses the row elements and only changes their text.
                    key={item.key}
                    id={`row-${item.index}`}
                    role="row"
                    aria-rowindex={item.index + 2}
                    aria-selected={row.requestId === selectedId}
                    data-fresh={freshIds?.has(row.requestId) || undefined}
                    className={classes.filter(Boolean).join(' ')}
                    style={{ height: ROW_HEIGHT, transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                    onClick={() => {
                      setActive(item.index);
                      onOpen(row);
                    }}
                  >
                    <div role="gridcell" className="grid-cell col-time mono" title={`${row.time} (UTC)`}>
                      {formatTime(row.time, true)}
                    </div>
                    <div role="gridcell" className="grid-cell col-model" title={row.deployment ?? undefined}>
                      {row.model ?? '—'}
                    </div>
                    <div role="gridcell" className="grid-cell col-alias">
                      {row.keyAlias ?? <span className="faint">{missingValueLabel('keyAliases')}</span>}
                    </div>
                    <div role="gridcell" className="grid-cell col-status">
                      {row.statusCode ? (
                        <span className={statusClass(row.statusCode)}>{row.statusCode}</span>
                      ) : (
                        <span className="faint">—</span>
                      )}
                    </div>
                    <div role="gridcell" className="grid-cell col-type">
                      {row.errorType}
                    </div>
                    <div role="gridcell" className="grid-cell col-duration mono">
                      {row.durationMs === null ? <span className="faint">—</span> : formatMs(row.durationMs)}
                    </div>
                    <div role="gridcell" className="grid-cell col-message" title={message ?? undefined}>
                      {message ?? <span className="faint">—</span>}
                    </div>
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
