import { AppError } from '../../../shared/errors.ts';

/** Minutes after local midnight; `from` > `to` wraps past midnight (22:00–07:00). */
export interface QuietHours {
  from: number;
  to: number;
  timeZone: string;
}

const HHMM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** `22:00-07:00` → quiet hours in the given zone; BAD_ARGUMENT naming the expected form otherwise. */
export function parseQuietHours(text: string, timeZone: string, label = '--quiet-hours'): QuietHours {
  const [a, b, ...rest] = text.split('-').map((s) => s.trim());
  const ma = HHMM.exec(a ?? '');
  const mb = HHMM.exec(b ?? '');
  if (!ma || !mb || rest.length)
    throw new AppError('BAD_ARGUMENT', `${label}: expected HH:MM-HH:MM like 22:00-07:00, got "${text}"`);
  const from = Number(ma[1]) * 60 + Number(ma[2]);
  const to = Number(mb[1]) * 60 + Number(mb[2]);
  if (from === to) throw new AppError('BAD_ARGUMENT', `${label}: start and end are the same (${text})`);
  return { from, to, timeZone };
}

function localMinutes(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

export function isQuiet(q: QuietHours | null, ms: number): boolean {
  if (!q) return false;
  const m = localMinutes(ms, q.timeZone);
  return q.from < q.to ? m >= q.from && m < q.to : m >= q.from || m < q.to;
}
