/** How reports write numbers, shares and times: the same in the HTML page and the Markdown summary. */

const COUNT = new Intl.NumberFormat('en-US');

export const formatCount = (n: number) => COUNT.format(n);

export function percent(n: number, total: number): string {
  if (total <= 0) return '0%';
  const p = (n / total) * 100;
  return `${p >= 10 || p === 0 ? Math.round(p) : p.toFixed(1)}%`;
}

/** `2026-03-10 10:00 UTC` (seconds only when they are not zero). */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  const text = d.toISOString().slice(0, 19).replace('T', ' ');
  return `${text.endsWith(':00') ? text.slice(0, 16) : text} UTC`;
}

/** `2026-03-10 10:00 – 12:00 UTC`, the date repeated only when it changes. */
export function formatUtcRange(from: string, to: string): string {
  const a = formatUtc(from).replace(' UTC', '');
  const b = formatUtc(to).replace(' UTC', '');
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} – ${b.slice(11)} UTC` : `${a} – ${b} UTC`;
}

/** The same instant in `timeZone`, with the zone's name and offset: `2026-03-10 11:00 (Europe/Paris, GMT+1)`. */
export function formatLocal(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
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
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const seconds = get('second');
  const time = `${get('hour')}:${get('minute')}${seconds === '00' ? '' : `:${seconds}`}`;
  const offset = get('timeZoneName');
  const zone = /^(Etc\/)?(UTC|GMT|Zulu|Universal)$/i.test(timeZone) ? 'UTC' : `${timeZone}, ${offset}`;
  return `${get('year')}-${get('month')}-${get('day')} ${time} (${zone})`;
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
