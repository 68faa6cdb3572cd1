import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Investigation } from '../../shared/investigation.ts';
import { stackTimeline } from '../hooks/chart-shaping.ts';
import { useColorScheme } from '../hooks/use-color-scheme.ts';
import { chartTheme } from '../lib/palette.ts';
import { formatLocal } from '../lib/time-range-ui.ts';

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Axis labels in local time: hours for a day or less, the date as well beyond. */
export function tickLabel(iso: string, spanSeconds: number, bucketSeconds: number): string {
  const d = new Date(iso);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const date = `${MONTHS[d.getMonth()]} ${d.getDate()}`;
  if (bucketSeconds >= 86_400) return date;
  return spanSeconds > 86_400 ? `${date} ${time}` : time;
}

interface TooltipEntry {
  dataKey?: unknown;
  value?: unknown;
  color?: string;
}

/** Errors over time, stacked by model; a segment or a legend item adds its model to the filters. */
export function TimelineChart({
  investigation,
  onPickModel,
}: {
  investigation: Investigation;
  onPickModel: (model: string) => void;
}) {
  const theme = chartTheme(useColorScheme());
  const { series, rows } = useMemo(
    () => stackTimeline(investigation.timeline, investigation.timelineByModel),
    [investigation.timeline, investigation.timelineByModel],
  );
  const colorOf = (i: number, model: string | null) =>
    model === null ? theme.other : theme.series[i % theme.series.length]!;
  const labelOf = new Map(series.map((s) => [s.key, s.label]));
  const bucketSeconds = investigation.query.bucketSeconds;
  const spanSeconds = (Date.parse(investigation.query.to) - Date.parse(investigation.query.from)) / 1000;

  return (
    <section className="card chart-card timeline-card" aria-labelledby="timeline-title">
      <header className="card-header">
        <h3 id="timeline-title">Errors over time</h3>
        <ul className="legend">
          {series.map((s, i) => (
            <li key={s.key}>
              <button
                type="button"
                className="legend-item"
                disabled={s.model === null}
                title={s.model === null ? 'All other models' : `Add ${s.model} to the filters`}
                onClick={() => s.model && onPickModel(s.model)}
              >
                <span className="swatch" style={{ background: colorOf(i, s.model) }} />
                {s.label}
              </button>
            </li>
          ))}
        </ul>
      </header>
      <div className="chart-body" style={{ height: 200 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={rows}
            margin={{ top: 8, right: 12, bottom: 0, left: -12 }}
            barCategoryGap={rows.length > 60 ? 1 : '18%'}
          >
            <CartesianGrid vertical={false} stroke={theme.grid} />
            <XAxis
              dataKey="bucket"
              tickFormatter={(v: string) => tickLabel(v, spanSeconds, bucketSeconds)}
              tick={{ fill: theme.axis, fontSize: 11 }}
              axisLine={{ stroke: theme.grid }}
              tickLine={false}
              minTickGap={spanSeconds > 86_400 ? 48 : 28}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: theme.axis, fontSize: 11 }}
              axisLine={false}
              tickLine={false}
              width={48}
            />
            <Tooltip
              cursor={{ fill: theme.cursor }}
              isAnimationActive={false}
              content={({ active, payload, label }) => {
                if (!active || !payload?.length) return null;
                const entries = (payload as unknown as TooltipEntry[])
                  .filter((p) => Number(p.value) > 0)
                  .reverse();
                const total = entries.reduce((s, p) => s + Number(p.value), 0);
                return (
                  <div className="chart-tooltip">
                    <div className="tooltip-title">{formatLocal(String(label))}</div>
                    {entries.map((p) => (
                      <div key={String(p.dataKey)} className="tooltip-row">
                        <span className="swatch" style={{ background: p.color }} />
                        <span className="tooltip-label">{labelOf.get(String(p.dataKey))}</span>
                        <span className="tooltip-value">{Number(p.value).toLocaleString()}</span>
                      </div>
                    ))}
                    <div className="tooltip-row tooltip-total">
                      <span className="tooltip-label">Total</span>
                      <span className="tooltip-value">{total.toLocaleString()}</span>
                    </div>
                  </div>
                );
              }}
            />
            {series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stackId="errors"
                fill={colorOf(i, s.model)}
                isAnimationActive={false}
                cursor={s.model ? 'pointer' : 'default'}
                onClick={() => s.model && onPickModel(s.model)}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
