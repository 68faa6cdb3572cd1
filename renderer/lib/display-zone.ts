import { useSyncExternalStore } from 'react';
import type { TimeZoneChoice } from '../../shared/contract/display.ts';

/**
 * The zone every time in the window is shown in: UTC or the viewer's own. One value for the whole
 * window (the header's switch sets it, the display settings remember it), read by the formatters.
 */
let choice: TimeZoneChoice = 'local';
const listeners = new Set<() => void>();

export function setDisplayZone(next: TimeZoneChoice): void {
  if (next === choice) return;
  choice = next;
  for (const l of listeners) l();
}

export const displayZone = (): TimeZoneChoice => choice;

/** Re-renders the caller when the zone changes (App subscribes once; everything under it follows). */
export function useDisplayZone(): TimeZoneChoice {
  return useSyncExternalStore((l) => (listeners.add(l), () => void listeners.delete(l)), displayZone);
}

let local: { offset: number; name: string } | null = null;

/**
 * The viewer's IANA zone (`Europe/Berlin`), or '' where the runtime does not say. Made once and kept
 * while the offset is unchanged: a new Intl.DateTimeFormat costs far more than a render (the header's
 * switch made one at every render: 2 % of the page's CPU in the e2e flows, measured).
 */
export function localTimeZoneName(): string {
  const offset = new Date().getTimezoneOffset();
  if (local?.offset !== offset)
    local = { offset, name: new Intl.DateTimeFormat().resolvedOptions().timeZone ?? '' };
  return local.name;
}

/** The IANA zone to send with an export or an analysis: what the user sees is what the report says. */
export function displayTimeZoneName(): string {
  return choice === 'utc' ? 'UTC' : localTimeZoneName() || 'UTC';
}

/** Wall-clock parts of an instant in the display zone. */
export function wallClock(d: Date) {
  const utc = choice === 'utc';
  return {
    year: utc ? d.getUTCFullYear() : d.getFullYear(),
    month: utc ? d.getUTCMonth() : d.getMonth(),
    day: utc ? d.getUTCDate() : d.getDate(),
    hours: utc ? d.getUTCHours() : d.getHours(),
    minutes: utc ? d.getUTCMinutes() : d.getMinutes(),
    seconds: utc ? d.getUTCSeconds() : d.getSeconds(),
  };
}

/** `UTC`, or the local offset at that instant: `GMT-5`, `GMT+5:30`. */
export function zoneLabel(d: Date = new Date()): string {
  if (choice === 'utc') return 'UTC';
  const minutes = -d.getTimezoneOffset();
  if (minutes === 0) return 'GMT';
  const abs = Math.abs(minutes);
  return `GMT${minutes > 0 ? '+' : '-'}${Math.floor(abs / 60)}${abs % 60 ? `:${String(abs % 60).padStart(2, '0')}` : ''}`;
}
