import { memo, useMemo, type KeyboardEvent } from 'react';
import { Bar, BarChart, LabelList, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { Investigation } from '../../shared/investigation.ts';
import {
  breakdownBars,
  type BreakdownBar,
  type BreakdownField,
  type ChartField,
} from '../../shared/chart-shaping.ts';
import { useColorScheme } from '../hooks/use-color-scheme.ts';
import { useElementWidth } from '../hooks/use-element-width.ts';
import { chartTheme } from '../lib/palette.ts';
import { fitText, textWidth } from '../lib/text-fit.ts';
import { EmptyState } from './Feedback.tsx';

const ROW_HEIGHT = 26;
const LABEL_GAP = 14;

interface ShapeProps {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  payload?: BreakdownBar;
}

interface TickProps {
  x?: number;
  y?: number;
  payload?: { value: string };
}

/** A y-axis label cut to the room it has, its full value on hover. */
function LabelTick({ x = 0, y = 0, payload, room, fill }: TickProps & { room: number; fill: string }) {
  const full = String(payload?.value ?? '');
  return (
    <g className="breakdown-tick" transform={`translate(${x},${y})`}>
      <title>{full}</title>
      <text x={-6} y={0} dy={4} textAnchor="end" fill={fill} fontSize={12}>
        {fitText(full, room)}
      </text>
    </g>
  );
}

/**
 * One breakdown (by model, error type or key alias) as horizontal bars. Each bar is a button:
 * clicking it, or Enter/Space on it, adds its value to the filters.
 */
export const BreakdownChart = memo(function BreakdownChart({
  title,
  field,
  investigation,
  onPick,
}: {
  title: string;
  field: ChartField;
  investigation: Investigation;
  onPick: (field: BreakdownField, value: string) => void;
}) {
  const theme = chartTheme(useColorScheme());
  const bars = useMemo(() => breakdownBars(investigation, field), [investigation, field]);
  const titleId = `breakdown-${field}`;
  // Labels as wide as their text needs, at most 55% of the card so the bars keep room.
  const [bodyRef, width] = useElementWidth<HTMLDivElement>();
  const widest = useMemo(() => Math.max(0, ...bars.map((b) => textWidth(b.label))), [bars]);
  // Rounded up: rounding down would leave the widest label a fraction of a pixel short, and cut it.
  const labelWidth = Math.ceil(Math.max(60, Math.min(widest + LABEL_GAP, width * 0.55)));

  const Shape = ({ x = 0, y = 0, width = 0, height: laidOut = 0, payload }: ShapeProps) => {
    if (!payload) return null;
    // For one frame after the bar count grows, ResponsiveContainer still has the old (shorter)
    // height and recharts lays bars out with a negative height, which the browser logs as an error.
    const height = Math.max(0, laidOut);
    // The provider has no filter of its own: its bars only show.
    const clickable = payload.value !== null && field !== 'provider';
    const pick = () => clickable && onPick(field, payload.value!);
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        pick();
      }
    };
    const name = `${payload.label}: ${payload.count} errors`;
    return (
      <g
        className={`breakdown-bar${clickable ? ' clickable' : ''}`}
        // Only filterable bars are controls; their names avoid the form's field labels (tests find fields by label).
        role={clickable ? 'button' : undefined}
        tabIndex={clickable ? 0 : undefined}
        aria-label={clickable ? name : undefined}
        onClick={pick}
        onKeyDown={onKeyDown}
        data-value={payload.value ?? ''}
      >
        <title>{clickable ? `${name} — click to filter` : name}</title>
        {/* A wider hit area, so very short bars are still easy to click. */}
        <rect x={x} y={y - 2} width={Math.max(width, 28)} height={height + 4} fill="transparent" />
        <rect
          x={x}
          y={y}
          width={Math.max(width, 2)}
          height={height}
          rx={3}
          fill={payload.value === null || payload.value === '' ? theme.other : theme.bar}
        />
      </g>
    );
  };

  return (
    <section className="card chart-card breakdown-card" aria-labelledby={titleId}>
      <header className="card-header">
        <h3 id={titleId}>{title}</h3>
      </header>
      {bars.length === 0 ? (
        <EmptyState title="Nothing to break down" />
      ) : (
        <div className="chart-body" ref={bodyRef} style={{ height: bars.length * ROW_HEIGHT + 8 }}>
          {/* The height from the bars, not measured: a measured one lags a render behind when the
              bar count grows (1 → 6 after a filter is removed), giving rows of negative height. */}
          <ResponsiveContainer width="100%" height={bars.length * ROW_HEIGHT + 8}>
            <BarChart
              data={bars}
              layout="vertical"
              margin={{ top: 4, right: 48, bottom: 4, left: 4 }}
              barCategoryGap={5}
            >
              <XAxis type="number" hide domain={[0, 'dataMax']} />
              <YAxis
                type="category"
                dataKey="label"
                width={labelWidth}
                tickLine={false}
                axisLine={false}
                interval={0}
                tick={(props: unknown) => (
                  <LabelTick {...(props as TickProps)} room={labelWidth - LABEL_GAP} fill={theme.axis} />
                )}
              />
              <Bar
                dataKey="count"
                isAnimationActive={false}
                shape={(props: unknown) => <Shape {...(props as ShapeProps)} />}
              >
                <LabelList
                  dataKey="count"
                  position="right"
                  fill={theme.axis}
                  fontSize={11}
                  formatter={(v: unknown) => Number(v).toLocaleString()}
                />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
});
