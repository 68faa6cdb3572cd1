import { describe, expect, it } from 'vitest';
import { displayWidth, padEndWidth, truncateWidth } from './display-width.ts';

describe('terminal display width (issue 24 item 12)', () => {
  it('counts wide CJK characters as two columns, combining marks as none', () => {
    expect(displayWidth('agent')).toBe(5);
    expect(displayWidth('客服机器人')).toBe(10);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('🤖bot')).toBe(5);
  });

  it('pads and cuts by columns', () => {
    expect(padEndWidth('客服', 6)).toBe('客服  ');
    expect(displayWidth(padEndWidth('客服', 6))).toBe(6);
    expect(truncateWidth('客服机器人', 6)).toBe('客服…');
    expect(displayWidth(truncateWidth('客服机器人', 6))).toBeLessThanOrEqual(6);
    expect(truncateWidth('short', 10)).toBe('short');
  });
});
