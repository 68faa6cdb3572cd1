import { afterEach, describe, expect, it, vi } from 'vitest';
import { displayTimeZoneName, localTimeZoneName, setDisplayZone } from './display-zone.ts';

describe('the viewer’s time zone name', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    setDisplayZone('local');
  });

  it('is the runtime’s IANA zone, made once while the offset holds, and made again when it changes', () => {
    const intl = vi.spyOn(Intl.DateTimeFormat.prototype, 'resolvedOptions');
    const offset = vi.spyOn(Date.prototype, 'getTimezoneOffset').mockReturnValue(-60);
    const first = localTimeZoneName();
    const made = intl.mock.calls.length;
    expect(first).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
    for (let i = 0; i < 100; i++) expect(localTimeZoneName()).toBe(first);
    expect(intl.mock.calls.length).toBe(made + 1); // the comparison's own
    offset.mockReturnValue(-120);
    localTimeZoneName();
    expect(intl.mock.calls.length).toBe(made + 2);
  });

  it('is what an export or an analysis names: UTC when the window shows UTC', () => {
    setDisplayZone('utc');
    expect(displayTimeZoneName()).toBe('UTC');
    setDisplayZone('local');
    expect(displayTimeZoneName()).toBe(localTimeZoneName() || 'UTC');
  });
});
