import { describe, expect, it } from 'vitest';
import { refreshDue } from './use-live-refresh.ts';

const answered = { every: 15, paused: false, running: false, halted: false, run: 3, settledRun: 3 };

describe('when live mode schedules the next refresh', () => {
  it('only once the latest run answered: reads never pile up', () => {
    expect(refreshDue(answered)).toBe(true);
    expect(refreshDue({ ...answered, running: true })).toBe(false);
    expect(refreshDue({ ...answered, run: 4 })).toBe(false);
  });

  it('never when off, paused, stopped or refused (huge scan), or before any query', () => {
    expect(refreshDue({ ...answered, every: 0 })).toBe(false);
    expect(refreshDue({ ...answered, paused: true })).toBe(false);
    expect(refreshDue({ ...answered, halted: true })).toBe(false);
    expect(refreshDue({ ...answered, run: null, settledRun: 0 })).toBe(false);
  });
});
