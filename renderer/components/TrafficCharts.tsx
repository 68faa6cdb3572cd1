import { useMemo } from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMs } from '../../shared/traffic-format.ts';
import type { Traffic } from '../../shared/traffic.ts';
import { useColorScheme } from '../hooks/use-color-scheme.ts';
import { chartTheme } from '../lib/palette.ts';
import { formatTime } from '../lib/time-range-ui.ts';
import { seriesRows } from '../lib/traffic-shaping.ts';
import { tickLabel } from './TimelineChart.tsx';

const FAILED = '#dc2626';

/** The latency lines: every request's percentiles, and the successful requests' p50 dashed. */
const LATENCY = [
  { key: 'p50', name: 'p50', slot: 0 },
  { key: 'p95', name: 'p95', slot: 1 },
  { key: 'p99', name: 'p99', slot: 2 },
  { key: 'p50ok', name: 'p50 successful', slot: 3 },
] as const;

/**
 * Requests as stacked bars (failed on top) with the error rate as a line; latency p50/p95/p99 below,
 * with `ok` (the same query over successful requests) giving the successful requests' p50.
 */
export function TrafficCharts({ traffic, ok = null }: { traffic: Traffic; ok?: Traffic | null }) {
  const theme = chartTheme(useColorScheme());
  const rows = useMemo(() => seriesRows(traffic.series, ok?.series ?? null), [traffic.series, ok]);
  const lines = LATENCY.filter((l) => l.key !== 'p50ok' || ok);
  const span = (Date.parse(traffic.query.to) - Date.parse(traffic.query.from)) / 1000;
  const bucket = traffic.query.bucketSeconds;
  const axis = {
    dataKey: 'bucket',
    tickFormatter: (v: string) => tickLabel(v, span, bucket),
    tick: { fill: theme.axis, fontSize: 11 },
    axisLine: { stroke: theme.grid },
    tickLine: false,
    minTickGap: 36,
  };
  const label = (v: unknown) => formatTime(String(v));
  return (
    <div className="traffic-charts">
      <section className="card chart-card" aria-labelledby="traffic-requests-title">
        <header className="card-header">
          <h3 id="traffic-requests-title">Requests and error rate</h3>
          <ul className="legend" aria-hidden="true">
            <li className="legend-item">
              <span className="swatch" style={{ background: theme.bar }} />
              Succeeded
            </li>
            <li className="legend-item">
              <span className="swatch" style={{ background: FAILED }} />
              Failed
            </li>
            <li className="legend-item">
              <span className="swatch swatch-line" style={{ background: theme.series[2] }} />
              Error rate
            </li>
          </ul>
        </header>
        <div
          className="chart-body"
          style={{ height: 200 }}
          data-testid="traffic-requests-chart"
          data-buckets={rows.length}
        >
          <ResponsiveContainer width="100%" height="100%">
            <ComposedChart
              data={rows}
              margin={{ top: 8, right: 4, bottom: 0, left: -12 }}
              barCategoryGap={rows.length > 60 ? 1 : '18%'}
            >
              <CartesianGrid vertical={false} stroke={theme.grid} />
              <XAxis {...axis} />
              <YAxis
                yAxisId="n"
                allowDecimals={false}
                tick={{ fill: theme.axis, fontSize: 11 }}
                axisLine={false}
                tickLine={false}
                width={48}
              />
              <YAxis
                yAxisId="rate"
                orientation="right"
                unit="%"
                tick={{ fill: theme.axis, fontSize: 11 }}
                axisLine={false}
                tickLine={false}
                width={44}
              />
              <Tooltip
                isAnimationActive={false}
                cursor={{ fill: theme.cursor }}
                labelFormatter={label}
                formatter={(v, name) =>
                  name === 'Error rate' ? `${String(v)}%` : Number(v).toLocaleString()
                }
              />
              <Bar
                yAxisId="n"
                dataKey="succeeded"
                name="Succeeded"
                stackId="r"
                fill={theme.bar}
                isAnimationActive={false}
              />
              <Bar
                yAxisId="n"
                dataKey="failed"
                name="Failed"
                stackId="r"
                fill={FAILED}
                isAnimationActive={false}
              />
              <Line
                yAxisId="rate"
                dataKey="errorRatePct"
                name="Error rate"
                stroke={theme.series[2]}
                dot={false}
                strokeWidth={2}
                isAnimationActive={false}
                connectNulls={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      </section>
      <section className="card chart-card" aria-labelledby="traffic-latency-title">
        <header className="card-header">
          <h3 id="traffic-latency-title">Latency</h3>
          <ul className="legend" aria-hidden="true">
            {lines.map((l) => (
              <li key={l.key} className="legend-item">
                <span className="swatch swatch-line" style={{ background: theme.series[l.slot] }} />
                {l.name}
              </li>
            ))}
          </ul>
        </header>
        <div className="chart-body" style={{ height: 200 }} data-testid="traffic-latency-chart">
          {traffic.basis === 'daily' ? (
            <p className="card-hint">
              Daily totals hold no latency: choose a range that is not whole days to read it from the request
              logs.
            </p>
          ) : (
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: -4 }}>
                <CartesianGrid vertical={false} stroke={theme.grid} />
                <XAxis {...axis} />
                <YAxis
                  scale="log"
                  domain={['auto', 'auto']}
                  allowDataOverflow
                  tickFormatter={(v: number) => formatMs(v)}
                  tick={{ fill: theme.axis, fontSize: 11 }}
                  axisLine={false}
                  tickLine={false}
                  width={60}
                />
                <Tooltip
                  isAnimationActive={false}
                  labelFormatter={label}
                  formatter={(v) => formatMs(Number(v))}
                />
                {lines.map((l) => (
                  <Line
                    key={l.key}
                    dataKey={l.key}
                    name={l.name}
                    stroke={theme.series[l.slot]}
                    dot={false}
                    strokeWidth={l.key === 'p95' ? 2 : 1.5}
                    strokeDasharray={l.key === 'p50ok' ? '4 3' : undefined}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          )}
        </div>
      </section>
    </div>
  );
}
