/** How reports write numbers, shares and times: the same in the HTML page and the Markdown summary. */

const COUNT = new Intl.NumberFormat('en-US');

export const formatCount = (n: number) => COUNT.format(n);

export function percent(n: number, total: number): string {
  if (total <= 0) return '0%';
  const p = (n / total) * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

/** `2026-03-10 10:00 UTC` (seconds only when they are not zero, or always with `keepSeconds`). */
export function formatUtc(iso: string, keepSeconds = false): string {
  const d = new Date(iso);
  const text = d.toISOString().slice(0, 19).replace('T', ' ');
  return `${text.endsWith(':00') && !keepSeconds ? text.slice(0, 16) : text} UTC`;
}

/** `2026-03-10 10:00 – 12:00 UTC`, the date repeated only when it changes. */
export function formatUtcRange(from: string, to: string): string {
  const a = formatUtc(from).replace(' UTC', '');
  const b = formatUtc(to).replace(' UTC', '');
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${b.slice(11)} UTC` : `${a} – ${b} UTC`;
}

const isUtcZone = (timeZone: string) => /^(Etc\/)?(UTC|GMT|Zulu|Universal)$/i.test(timeZone);

/** One instant's wall clock in `timeZone`: day, time (seconds only when not zero) and its GMT offset. */
function zonedParts(
  iso: string,
  timeZone: string,
  keepSeconds = false,
): { day: string; time: string; offset: string } {
  const all = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => all.find((p) => p.type === type)?.value ?? '';
  const seconds = get('second');
  return {
    day: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}${seconds === '00' && !keepSeconds ? '' : `:${seconds}`}`,
    offset: get('timeZoneName'),
  };
}

/** `90 minutes`, `24 hours`, `7 days`, `1 day 6 hours`. */
export function formatSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return `${days} days${rest ? ` ${rest} hour${rest === 1 ? '' : 's'}` : ''}`;
}

/** `5 min`, `1 h`, `1 day`: the width of one timeline bucket. */
export function formatBucketWidth(seconds: number): string {
  if (seconds < 3600) return `${seconds / 60} min`;
  if (seconds < 86_400) return `${seconds / 3600} h`;
  return seconds === 86_400 ? '1 day' : `${seconds / 86_400} days`;
}

/** The machine's zone, used when the caller names none. */
export const localTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * Times in the zone the user chose, each with a short label (`UTC`, `GMT-5`), and the zone named
 * in full once (`label`), where the page says which zone its times are in.
 */
export interface Clock {
  timeZone: string;
  /** `UTC`, or `America/New_York (GMT-5)` (the offset at `at`). */
  label: string;
  time(iso: string): string;
  /**
   * When something happened (an error, the report's writing): always with seconds, so a list never
   * mixes `11:59` with `11:59:30` (issue 24 item 12).
   */
  instant(iso: string): string;
  range(from: string, to: string): string;
}

export function clockFor(timeZone: string, at: string = new Date().toISOString()): Clock {
  if (isUtcZone(timeZone))
    return {
      timeZone: 'UTC',
      label: 'UTC',
      time: (iso) => formatUtc(iso),
      instant: (iso) => formatUtc(iso, true),
      range: formatUtcRange,
    };
  const parts = (iso: string) => zonedParts(iso, timeZone);
  const instant = (iso: string) => {
    const p = zonedParts(iso, timeZone, true);
    return `${p.day} ${p.time} ${p.offset}`;
  };
  const time = (iso: string) => {
    const p = parts(iso);
    return `${p.day} ${p.time} ${p.offset}`;
  };
  const range = (from: string, to: string) => {
    const a = parts(from);
    const b = parts(to);
    if (a.offset !== b.offset) return `${time(from)} – ${time(to)}`;
    return a.day === b.day
      ? `${a.day} ${a.time} – ${b.time} ${b.offset}`
      : `${a.day} ${a.time} – ${b.day} ${b.time} ${b.offset}`;
  };
  return { timeZone, label: `${timeZone} (${parts(at).offset})`, time, instant, range };
}
