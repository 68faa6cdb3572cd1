import type { TimeRange } from '../../shared/time-range.ts';
import { parseInstant } from '../../shared/time-range.ts';
import { displayZone, wallClock, zoneLabel } from './display-zone.ts';

export const QUICK_RANGES = [
  { last: '15m', label: 'Last 15 minutes' },
  { last: '1h', label: 'Last hour' },
  { last: '6h', label: 'Last 6 hours' },
  { last: '24h', label: 'Last 24 hours' },
  { last: '7d', label: 'Last 7 days' },
  { last: '30d', label: 'Last 30 days' },
] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** A UTC instant → the value of an `<input type="datetime-local">`, on the display zone's clock. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const w = wallClock(d);
  return `${w.year}-${pad(w.month + 1)}-${pad(w.day)}T${pad(w.hours)}:${pad(w.minutes)}`;
}

/** A `datetime-local` value (the display zone's wall-clock time) → a UTC ISO string, or null when incomplete. */
export function fromLocalInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const parts = [
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6] ?? 0),
  ] as const;
  const d = displayZone() === 'utc' ? new Date(Date.UTC(...parts)) : new Date(...parts);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The custom range to start from when the user leaves a quick range: the same span, made absolute. */
export function absoluteFrom(range: TimeRange, now: number): { from: string; to: string } {
  if (range.kind === 'absolute') return { from: range.from, to: range.to };
  const quick = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
  const m = /^(\d+)([mhd])$/.exec(range.last);
  const span = m ? Number(m[1]) * quick[m[2] as keyof typeof quick] : 86_400_000;
  // Whole minutes: a datetime-local field shows no seconds.
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: new Date(to - span).toISOString(), to: new Date(to).toISOString() };
}

export function describeRange(range: TimeRange): string {
  if (range.kind === 'relative') {
    return QUICK_RANGES.find((q) => q.last === range.last)?.label ?? `Last ${range.last}`;
  }
  return `${formatTime(range.from)} – ${formatTime(range.to)}`;
}

/** Why a custom range cannot run yet, or null when it is fine. */
export function customRangeProblem(from: string, to: string): string | null {
  const a = parseInstant(from);
  const b = parseInstant(to);
  if (a === null) return 'Enter a start date and time';
  if (b === null) return 'Enter an end date and time';
  if (a >= b) return 'The start must be before the end';
  return null;
}

/** `2026-12-01 12:30 UTC` or `2026-12-01 07:30 GMT-5`: in the display zone, always labelled with it. */
export function formatTime(iso: string, withSeconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const w = wallClock(d);
  const date = `${w.year}-${pad(w.month + 1)}-${pad(w.day)}`;
  const time = `${pad(w.hours)}:${pad(w.minutes)}${withSeconds ? `:${pad(w.seconds)}` : ''}`;
  return `${date} ${time} ${zoneLabel(d)}`;
}
