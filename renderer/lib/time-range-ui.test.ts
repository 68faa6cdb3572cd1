import { describe, expect, it } from 'vitest';
import {
  absoluteFrom,
  customRangeProblem,
  describeRange,
  fromLocalInput,
  toLocalInput,
} from './time-range-ui.ts';

describe('local time in the form, UTC on the wire', () => {
  it('round-trips a UTC instant through the local datetime field', () => {
    const iso = '2026-03-10T10:31:00.000Z';
    const local = toLocalInput(iso);
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(fromLocalInput(local)).toBe(iso);
  });

  it('reads the field as local wall-clock time', () => {
    const d = new Date(2026, 2, 10, 9, 5);
    expect(fromLocalInput('2026-03-10T09:05')).toBe(d.toISOString());
    expect(fromLocalInput('2026-03-10')).toBeNull();
    expect(fromLocalInput('')).toBeNull();
  });

  it('turns a quick range into the same span ending at the next whole minute', () => {
    const now = Date.parse('2026-03-10T10:31:20Z');
    expect(absoluteFrom({ kind: 'relative', last: '6h' }, now)).toEqual({
      from: '2026-03-10T04:32:00.000Z',
      to: '2026-03-10T10:32:00.000Z',
    });
    const abs = { kind: 'absolute' as const, from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' };
    expect(absoluteFrom(abs, now)).toEqual({ from: abs.from, to: abs.to });
  });

  it('names quick ranges and explains a bad custom range', () => {
    expect(describeRange({ kind: 'relative', last: '7d' })).toBe('Last 7 days');
    expect(describeRange({ kind: 'relative', last: '90m' })).toBe('Last 90m');
    expect(customRangeProblem('2026-03-10T10:00:00Z', '2026-03-10T09:00:00Z')).toBe(
      'The start must be before the end',
    );
    expect(customRangeProblem('', '2026-03-10T09:00:00Z')).toBe('Enter a start date and time');
    expect(customRangeProblem('2026-03-10T08:00:00Z', '2026-03-10T09:00:00Z')).toBeNull();
  });
});
