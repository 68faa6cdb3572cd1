import { describe, expect, it } from 'vitest';
import { groupingAccuracy } from './grouping-accuracy.ts';

describe('groupingAccuracy', () => {
  it('counts only messages whose predicted group equals their true group', () => {
    expect(groupingAccuracy(['a', 'a', 'b'], ['x', 'x', 'y'])).toBe(1);
    // The true group x is split: its 2 messages are wrong; y is exact.
    expect(groupingAccuracy(['a', 'b', 'c'], ['x', 'x', 'y'])).toBeCloseTo(1 / 3);
    // Merged x and y: all wrong.
    expect(groupingAccuracy(['a', 'a', 'a'], ['x', 'x', 'y'])).toBe(0);
  });
});
