import { describe, expect, it } from 'vitest';
import { memoryHistory } from './view-history.ts';

describe('the desktop app’s in-app view history', () => {
  it('goes back and forward like a browser: a new entry drops the ones ahead', () => {
    const history = memoryHistory('a');
    const moves: string[] = [];
    history.onMove((q) => moves.push(q));
    history.push('b');
    history.push('c');
    expect([history.canBack(), history.canForward()]).toEqual([true, false]);
    history.back();
    history.back();
    history.back(); // nothing before the first entry
    expect(moves).toEqual(['b', 'a']);
    expect(history.canBack()).toBe(false);
    history.forward();
    history.push('d');
    expect(history.canForward()).toBe(false);
    history.back();
    expect(moves).toEqual(['b', 'a', 'b', 'b']);
    history.replace('B');
    history.forward();
    history.back();
    expect(history.current()).toBe('B');
  });

  it('keeps at most `max` entries', () => {
    const history = memoryHistory('0', 3);
    for (const q of ['1', '2', '3', '4']) history.push(q);
    history.back();
    history.back();
    history.back();
    expect(history.current()).toBe('2');
  });
});
