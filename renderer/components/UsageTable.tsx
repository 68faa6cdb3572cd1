import { formatMs, formatRate, formatSpend, formatTokens } from '../../shared/traffic-format.ts';
import type { Traffic } from '../../shared/traffic.ts';
import { usageRows, type TrafficPick, type UsageKind } from '../lib/traffic-shaping.ts';

/** One breakdown: requests, error rate, p95, tokens, spend, and the change against the period before; a row click filters. */
export function UsageTable({
  title,
  kind,
  traffic,
  onPick,
}: {
  title: string;
  kind: UsageKind;
  traffic: Traffic;
  onPick: (pick: TrafficPick) => void;
}) {
  const rows = usageRows(traffic, kind);
  const id = `usage-${kind}`;
  const column = title.replace(/^By /, '').replace(/^./, (c) => c.toUpperCase());
  return (
    <section className="card usage-card" aria-labelledby={id}>
      <header className="card-header">
        <h3 id={id}>{title}</h3>
      </header>
      {rows.length === 0 ? (
        <p className="card-hint">Nothing recorded.</p>
      ) : (
        <table className="usage-table" aria-labelledby={id}>
          <thead>
            <tr>
              <th scope="col">{column}</th>
              <th scope="col" className="num">
                Requests
              </th>
              <th scope="col" className="num">
                Error rate
              </th>
              <th scope="col" className="num">
                p95
              </th>
              <th scope="col" className="num">
                Tokens
              </th>
              <th scope="col" className="num">
                Spend
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className={r.alarming ? 'usage-alarm' : undefined}>
                <th scope="row">
                  {r.pick ? (
                    <button
                      type="button"
                      className="link-btn"
                      title={`Filter by ${r.label}`}
                      onClick={() => onPick(r.pick!)}
                    >
                      {r.label}
                    </button>
                  ) : (
                    <span className="faint">{r.label}</span>
                  )}
                  {r.detail && <span className="usage-detail">{r.detail}</span>}
                </th>
                <td className="num" title={r.requestsChange ? `before: ${r.requestsChange}` : undefined}>
                  {r.figures.requests.toLocaleString()}
                </td>
                <td className="num">
                  <span className="usage-rate">{formatRate(r.figures.errorRate)}</span>
                  <span className="usage-change">{r.errorRateChange}</span>
                </td>
                <td className="num" title={r.p95Change}>
                  {formatMs(r.figures.p95Ms)}
                </td>
                <td className="num">{formatTokens(r.figures.totalTokens)}</td>
                <td
                  className="num"
                  title={r.figures.spendEstimated ? 'includes estimates from the price table' : undefined}
                >
                  {formatSpend(r.figures.spend, r.figures.spendEstimated, '')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
