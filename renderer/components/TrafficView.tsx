import { useMemo, useState } from 'react';
import type { Source } from '../../shared/connection.ts';
import type { Filters } from '../../shared/filters.ts';
import { errorOnlyFilterNames, rateBaseFilters, rateBasisWords } from '../../shared/rate-basis.ts';
import { seriesBucketWords } from '../../shared/traffic-buckets.ts';
import {
  formatChange,
  formatMs,
  formatRate,
  formatSpend,
  formatTokens,
  spendLines,
} from '../../shared/traffic-format.ts';
import type { TrafficRequest } from '../../shared/traffic.ts';
import { trafficRequest, useTraffic } from '../hooks/use-traffic.ts';
import {
  asDetailRow,
  beforeWords,
  latencyWords,
  ttftWords,
  type TrafficPick,
} from '../lib/traffic-shaping.ts';
import { formatTime } from '../lib/time-range-ui.ts';
import { ErrorDetailPanel } from './ErrorDetailPanel.tsx';
import { ErrorNotice, Spinner } from './Feedback.tsx';
import { RequestList } from './RequestList.tsx';
import { TrafficCharts } from './TrafficCharts.tsx';
import { UsageTable } from './UsageTable.tsx';

type Extra = { deployments: string[]; endUsers: string[] };

function Stat({
  label,
  value,
  before,
  testId,
  title,
}: {
  label: string;
  value: string;
  before: string;
  testId?: string;
  title?: string;
}) {
  return (
    <div className="traffic-stat" data-testid={testId} title={title}>
      <span className="traffic-stat-label">{label}</span>
      <span className="traffic-stat-value">{value}</span>
      <span className="traffic-stat-before">{before}</span>
    </div>
  );
}

/**
 * Every request, not only failures (DESIGN §8), for the filters of the last run: error rate,
 * latency, tokens and spend, by model, deployment, key, team and end user. Model, key and team
 * clicks go into the shared filters; deployment and end user are the view's own filters.
 */
export function TrafficView({
  source,
  filters,
  run,
  onPickFilter,
}: {
  source: Source;
  filters: Filters;
  run: number;
  onPickFilter: (field: 'models' | 'keyAliases' | 'teamAliases', value: string) => void;
}) {
  const [extra, setExtra] = useState<Extra>({ deployments: [], endUsers: [] });
  const [detail, setDetail] = useState<TrafficRequest | null>(null);
  const request = useMemo(() => trafficRequest(source, filters, run, extra), [source, filters, extra, run]);
  const traffic = useTraffic(request);
  const t = traffic.data;
  // Under error-only filters every request listed failed: the rate is over all requests (rate-basis.ts).
  const errorOnly = errorOnlyFilterNames(filters).length > 0;
  const base = useTraffic(
    useMemo(
      () => (errorOnly ? trafficRequest(source, rateBaseFilters(filters), run, extra) : null),
      [errorOnly, source, filters, extra, run],
    ),
  );
  // Successful requests alone, beside every request: fast failures pull the p50 down in an incident.
  const latencyRead = !!t && t.basis !== 'daily';
  const ok = useTraffic(
    useMemo(
      () => (latencyRead ? trafficRequest(source, filters, run, { ...extra, outcome: 'success' }) : null),
      [latencyRead, source, filters, extra, run],
    ),
  );
  const okData = ok.data && !ok.running ? ok.data : null;
  const latency = t ? latencyWords(t.summary, okData?.summary ?? null) : null;
  const rate = !t
    ? null
    : !errorOnly
      ? { value: formatRate(t.summary.errorRate), note: beforeWords(t).errorRate }
      : base.data
        ? {
            value: base.data.summary.requests
              ? formatRate(t.summary.failed / base.data.summary.requests)
              : '–',
            note: rateBasisWords(base.data.summary.requests, filters),
          }
        : { value: '…', note: 'counting all requests' };
  const pick = (p: TrafficPick) => {
    if (p.field === 'deployments' || p.field === 'endUsers') {
      const list = extra[p.field];
      if (!list.includes(p.value)) setExtra({ ...extra, [p.field]: [...list, p.value] });
    } else onPickFilter(p.field, p.value);
  };
  const chips = [
    ...extra.deployments.map((v) => ({ field: 'deployments' as const, label: 'Deployment', v })),
    ...extra.endUsers.map((v) => ({ field: 'endUsers' as const, label: 'End user', v })),
  ];

  return (
    <div className="traffic-view" aria-busy={traffic.running} data-settled={traffic.settled ? 'yes' : 'no'}>
      {chips.length > 0 && (
        <ul className="traffic-chips" aria-label="Traffic filters">
          {chips.map((c) => (
            <li key={`${c.field}:${c.v}`} className="chip">
              {c.label}: {c.v}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${c.label.toLowerCase()} ${c.v}`}
                onClick={() => setExtra({ ...extra, [c.field]: extra[c.field].filter((x) => x !== c.v) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {traffic.error && <ErrorNotice title="The traffic query failed" error={traffic.error} />}
      {!t ? (
        traffic.running && (
          <div className="loading-state">
            <Spinner label="Reading all requests…" />
          </div>
        )
      ) : (
        <>
          <section className="summary traffic-summary" aria-label="Traffic summary">
            <div className="summary-main">
              <h2 className="summary-total" data-testid="traffic-total">
                {t.summary.requests.toLocaleString()} requests
              </h2>
              {traffic.running && <Spinner label="Running query…" />}
            </div>
            <div className="summary-meta">
              <span title={`${t.query.from} → ${t.query.to} (UTC)`}>
                {formatTime(t.query.from)} → {formatTime(t.query.to)}
              </span>
              <span className="dot" aria-hidden="true">
                ·
              </span>
              <span>{seriesBucketWords(t.query)} buckets</span>
              <span className="dot" aria-hidden="true">
                ·
              </span>
              <span>
                {t.basisLabel}, compared with the {formatSpanWords(t.query.from, t.query.to)} before
              </span>
            </div>
            {t.notes.map((n) => (
              <p key={n} className="summary-note">
                {n}
              </p>
            ))}
          </section>
          <div className="traffic-stats">
            <Stat
              label="Failed"
              value={t.summary.failed.toLocaleString()}
              before={formatChange(t.summary.failed, t.previous.failed, 'amount')}
            />
            <Stat testId="traffic-error-rate" label="Error rate" value={rate!.value} before={rate!.note} />
            <Stat
              testId="traffic-latency"
              label="p50 / p95, all"
              value={latency!.value}
              before={t.basis === 'daily' ? beforeWords(t).p95 : latency!.ok}
              title={`${latency!.okTitle}; every request ${beforeWords(t).p95}`}
            />
            <Stat
              testId="traffic-ttft"
              label="p99 · TTFT p50"
              value={`${formatMs(t.summary.p99Ms)} · ${ttftWords(t.summary.ttftP50Ms, t.ttftRecorded).value}`}
              before={ttftWords(t.summary.ttftP50Ms, t.ttftRecorded).reason ?? beforeWords(t).p99}
            />
            <Stat
              label="Tokens"
              value={formatTokens(t.summary.totalTokens)}
              before={`${formatTokens(t.summary.cachedTokens)} cached · ${formatChange(t.summary.totalTokens, t.previous.totalTokens, 'amount')}`}
            />
            {!!t.summary.inFlight && (
              <Stat
                label="In flight"
                value={t.summary.inFlight.toLocaleString()}
                before={`before ${(t.previous.inFlight ?? 0).toLocaleString()}`}
              />
            )}
            {spendLines(t.summary, t.previous, t.query.currency).length > 1 ? (
              spendLines(t.summary, t.previous, t.query.currency).map((l) => (
                <Stat
                  key={l.now}
                  label={l.estimated ? 'Spend (part estimated)' : 'Spend'}
                  value={l.now}
                  before={`before ${l.before}`}
                />
              ))
            ) : (
              <Stat
                label={t.summary.spendEstimated ? 'Spend (part estimated)' : 'Spend'}
                value={formatSpend(t.summary.spend, t.summary.spendEstimated, t.query.currency)}
                before={formatChange(t.summary.spend, t.previous.spend, 'amount')}
              />
            )}
          </div>
          <TrafficCharts traffic={t} ok={okData} />
          <div className="usage-grid">
            <UsageTable title="By model" kind="model" traffic={t} onPick={pick} />
            <UsageTable title="By deployment" kind="deployment" traffic={t} onPick={pick} />
            <UsageTable title="By key alias" kind="keyAlias" traffic={t} onPick={pick} />
            <UsageTable title="By team" kind="teamAlias" traffic={t} onPick={pick} />
            <UsageTable title="By end user" kind="endUser" traffic={t} onPick={pick} />
          </div>
          {t.basis === 'spend_logs' && (
            <RequestList
              request={request}
              total={t.summary.requests}
              selectedId={detail?.requestId ?? null}
              onOpen={setDetail}
            />
          )}
        </>
      )}
      {detail && (
        <ErrorDetailPanel
          source={source}
          row={asDetailRow(detail)}
          partial={false}
          onClose={() => setDetail(null)}
        />
      )}
    </div>
  );
}

function formatSpanWords(from: string, to: string): string {
  const hours = (Date.parse(to) - Date.parse(from)) / 3_600_000;
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours <= 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}
