import { memo, useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { Investigation } from '../../shared/investigation.ts';
import { stackTimeline, type TimelineSeries } from '../../shared/chart-shaping.ts';
import { useColorScheme } from '../hooks/use-color-scheme.ts';
import { useTimelineZoom } from '../hooks/use-timeline-zoom.ts';
import { chartTheme } from '../lib/palette.ts';
import { sessionSlots } from '../lib/session-colors.ts';
import { useDisplayZone, wallClock, zoneLabel } from '../lib/display-zone.ts';
import { formatTime } from '../lib/time-range-ui.ts';

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Axis labels in the display zone (named beside the chart): hours for a day or less, the date as well beyond. */
export function tickLabel(iso: string, spanSeconds: number, bucketSeconds: number): string {
  const d = wallClock(new Date(iso));
  const time = `${pad(d.hours)}:${pad(d.minutes)}`;
  const date = `${MONTHS[d.month]} ${d.day}`;
  if (bucketSeconds >= 86_400) return date;
  return spanSeconds > 86_400 ? `${date} ${time}` : time;
}

interface TooltipEntry {
  dataKey?: unknown;
  value?: unknown;
  color?: string;
}

/**
 * Errors over time, stacked by model. A click on a bar zooms to its bucket, a drag to the buckets it
 * crosses; a legend item adds its model to the filters. Each model keeps its colour for the session.
 */
export const TimelineChart = memo(function TimelineChart({
  investigation,
  onPickModel,
  onZoom,
}: {
  investigation: Investigation;
  onPickModel: (model: string) => void;
  onZoom: (window: { from: string; to: string }) => void;
}) {
  // Memoised: the zone switch must re-draw the ticks itself (the page above no longer does it).
  useDisplayZone();
  const theme = chartTheme(useColorScheme());
  const { series, rows } = useMemo(
    () => stackTimeline(investigation.timeline, investigation.timelineByModel),
    [investigation.timeline, investigation.timelineByModel],
  );
  const slots = sessionSlots(series.flatMap((s) => (s.model === null ? [] : [s.model])));
  const colorOf = (s: TimelineSeries) =>
    s.model === null ? theme.other : theme.series[slots[s.model] ?? 0]!;
  const labelOf = new Map(series.map((s) => [s.key, s.label]));
  const { query } = investigation;
  const bucketSeconds = query.bucketSeconds;
  const spanSeconds = (Date.parse(query.to) - Date.parse(query.from)) / 1000;
  const buckets = useMemo(() => rows.map((r) => r.bucket), [rows]);
  const zoom = useTimelineZoom(buckets, bucketSeconds, query, onZoom);
  const queryKey = useMemo(() => JSON.stringify(query), [query]);

  return (
    <section className="card chart-card timeline-card" aria-labelledby="timeline-title">
      <header className="card-header">
        <h3 id="timeline-title">Errors over time</h3>
        <span className="muted small chart-zone" data-testid="timeline-zone">
          {zoneLabel(new Date(query.from))}
        </span>
        <ul className="legend">
          {series.map((s) => (
            <li key={s.key}>
              <button
                type="button"
                className="legend-item"
                disabled={s.model === null}
                title={s.model === null ? 'All other models' : `Add ${s.model} to the filters`}
                data-model={s.model ?? ''}
                onClick={() => s.model && onPickModel(s.model)}
              >
                <span className="swatch" style={{ background: colorOf(s) }} />
                {s.label}
              </button>
            </li>
          ))}
        </ul>
      </header>
      <div
        className={`chart-body timeline-zoom${zoom.dragging ? ' dragging' : ''}`}
        data-buckets={rows.length}
        style={{ height: 200 }}
        title="Click a bar or drag across the chart to zoom to that time"
        // A mouse press must not focus the chart: focus switches recharts to keyboard mode, whose
        // tooltip stays up after the pointer leaves, and draws a focus box. Tab still focuses it.
        onMouseDown={(e) => e.preventDefault()}
      >
        {/* A new query draws a new chart: the old one's hover state (a tooltip for a bucket that is
            gone, when the layout moved the chart from under a still pointer) must not carry over. */}
        <ResponsiveContainer key={queryKey} width="100%" height="100%">
          <BarChart
            data={rows}
            margin={{ top: 8, right: 12, bottom: 0, left: -12 }}
            barCategoryGap={rows.length > 60 ? 1 : '18%'}
            {...zoom.handlers}
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
                    <div className="tooltip-title">{formatTime(String(label))}</div>
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
            {series.map((s) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stackId="errors"
                fill={colorOf(s)}
                isAnimationActive={false}
              />
            ))}
            {zoom.selection && (
              <ReferenceArea
                x1={zoom.selection.x1}
                x2={zoom.selection.x2}
                className="zoom-selection"
                fill={theme.bar}
                fillOpacity={0.15}
                stroke={theme.bar}
                strokeOpacity={0.6}
                ifOverflow="extendDomain"
              />
            )}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
});
