import { useMemo } from 'react';
import type { Source } from '../../shared/connection.ts';
import type { Filters } from '../../shared/filters.ts';
import type { Finding, FindingLink, HealthReport } from '../../shared/health.ts';
import { useHealth } from '../hooks/use-health.ts';
import { formatBytes, groupFindings, growthBars } from '../lib/health-shaping.ts';
import { formatTime } from '../lib/time-range-ui.ts';
import { ErrorNotice, Spinner } from './Feedback.tsx';

const CERTAINTY_HINT: Record<Finding['certainty'], string> = {
  certain: 'Counted from the rows themselves',
  likely: 'Inferred from a pattern the rows show',
  possible: 'A pattern worth checking by hand',
};

function FindingCard({ finding, onLook }: { finding: Finding; onLook: (where: FindingLink) => void }) {
  const where = finding.where;
  return (
    <li
      className={`health-finding health-${finding.severity} health-${finding.certainty}`}
      data-kind={finding.kind}
      data-severity={finding.severity}
    >
      <div className="health-finding-head">
        <span className="health-badge" title={CERTAINTY_HINT[finding.certainty]}>
          {finding.certainty}
        </span>
        <h4 className="health-finding-title">{finding.title}</h4>
        {where && (
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => onLook(where)}
            title={`${formatTime(where.from)} → ${formatTime(where.to)}${where.models.length ? `, ${where.models.join(', ')}` : ''}`}
          >
            Show in {where.tab === 'traffic' ? 'Traffic' : 'Errors'}
          </button>
        )}
      </div>
      <p className="health-finding-text">{finding.explanation}</p>
      {finding.details.length > 0 && (
        <ul className="health-details">
          {finding.details.map((d) => (
            <li key={d}>
              <code>{d}</code>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function TablesCard({ report }: { report: HealthReport }) {
  return (
    <section className="card health-card" aria-label="Tables">
      <div className="card-header">
        <h3>Tables</h3>
      </div>
      <div className="health-scroll">
        <table className="health-table">
          <thead>
            <tr>
              <th>Table</th>
              <th>Total</th>
              <th>Indexes</th>
              <th>TOAST</th>
              <th>Rows (est.)</th>
              <th>Dead rows</th>
              <th>Last vacuum</th>
              <th>Partitions</th>
            </tr>
          </thead>
          <tbody>
            {report.tables.map((t) => (
              <tr key={t.table}>
                <td className="health-name">{t.table}</td>
                <td>{formatBytes(t.totalBytes)}</td>
                <td>{formatBytes(t.indexBytes)}</td>
                <td>{formatBytes(t.toastBytes)}</td>
                <td>{t.rowsEstimate.toLocaleString()}</td>
                <td>{t.deadTuples === null ? '—' : t.deadTuples.toLocaleString()}</td>
                <td>{t.lastVacuum ? formatTime(t.lastVacuum) : 'never'}</td>
                <td>{t.partitioned ? t.partitions : 'none'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function RowCard({ report }: { report: HealthReport }) {
  const bars = growthBars(report.growth);
  return (
    <section className="card health-card" aria-label="SpendLogs rows">
      <div className="card-header">
        <h3>SpendLogs rows</h3>
      </div>
      <div className="health-row-grid">
        <div>
          <p className="health-sub">JSON per row (newest rows sampled)</p>
          {report.jsonColumns.length === 0 ? (
            <p className="health-muted">Not read.</p>
          ) : (
            <ul className="health-bars">
              {report.jsonColumns.map((c) => (
                <li key={c.column}>
                  <span className="health-bar-label">{c.column}</span>
                  <span className="health-bar">
                    <span style={{ width: `${Math.max(1, c.shareOfRow * 100)}%` }} />
                  </span>
                  <span className="health-bar-value">
                    {formatBytes(c.avgBytes)} · {Math.round(c.shareOfRow * 100)}%
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <p className="health-sub">Rows per day (from their own times)</p>
          {bars.length === 0 ? (
            <p className="health-muted">Not read.</p>
          ) : (
            <ul className="health-bars">
              {bars.map((b) => (
                <li key={b.day}>
                  <span className="health-bar-label">{b.day}</span>
                  <span className="health-bar">
                    <span style={{ width: `${Math.max(1, b.share * 100)}%` }} />
                  </span>
                  <span className="health-bar-value">
                    {b.rows.toLocaleString()}
                    {b.bytes !== null ? ` · ${formatBytes(b.bytes)}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}

/**
 * Is the database telling the truth, and will it hold (issue #25): findings first, each with how sure
 * it is and where to look; then what the catalog says about the tables. Runs for the last run's source and range.
 */
export function HealthView({
  source,
  filters,
  run,
  onLook,
}: {
  source: Source;
  filters: Filters;
  run: number;
  onLook: (where: FindingLink) => void;
}) {
  const request = useMemo(
    () => ({ source, timeRange: filters.timeRange, run }),
    [source, filters.timeRange, run],
  );
  const health = useHealth(request);
  const r = health.data;
  const groups = useMemo(() => groupFindings(r?.findings ?? []), [r]);
  return (
    <div className="health-view" aria-busy={health.running} data-settled={health.settled ? 'yes' : 'no'}>
      {health.error && <ErrorNotice title="The health check failed" error={health.error} />}
      {!r ? (
        health.running && (
          <div className="loading-state">
            <Spinner label="Checking the logs and the database…" />
          </div>
        )
      ) : (
        <>
          <section className="summary" aria-label="Health summary">
            <div className="summary-main">
              <h2 className="summary-total" data-testid="health-total">
                {r.findings.length === 0
                  ? 'No findings'
                  : `${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}`}
              </h2>
              {health.running && <Spinner label="Checking…" />}
            </div>
            <div className="summary-meta">
              <span title={`${r.range.from} → ${r.range.to} (UTC)`}>
                {formatTime(r.range.from)} → {formatTime(r.range.to)}
              </span>
              <span className="dot" aria-hidden="true">
                ·
              </span>
              <span>read-only, {(r.timings.totalMs / 1000).toFixed(1)} s</span>
            </div>
            {r.notes.map((n) => (
              <p key={n} className="summary-note">
                {n}
              </p>
            ))}
          </section>
          {groups.map((g) => (
            <section key={g.area} className="card health-card" aria-label={g.title}>
              <div className="card-header">
                <h3>{g.title}</h3>
              </div>
              <ul className="health-findings">
                {g.findings.map((f) => (
                  <FindingCard key={`${f.kind}:${f.title}`} finding={f} onLook={onLook} />
                ))}
              </ul>
            </section>
          ))}
          {r.notVisible.length > 0 && (
            <section className="card health-card" aria-label="Not visible">
              <div className="card-header">
                <h3>Not visible to this role</h3>
              </div>
              <ul className="health-details health-pad">
                {r.notVisible.map((n) => (
                  <li key={n.what}>
                    {n.what}: needs <code>{n.needs}</code>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <TablesCard report={r} />
          <RowCard report={r} />
        </>
      )}
    </div>
  );
}
