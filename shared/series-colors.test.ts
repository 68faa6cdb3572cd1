import { describe, expect, it } from 'vitest';
import { assignSlots, preferredSlot, SERIES_SLOTS } from './series-colors.ts';

describe('assignSlots', () => {
  it('gives a value its preferred slot, the same in every session', () => {
    expect(assignSlots(['gpt-4o'])).toEqual({ 'gpt-4o': preferredSlot('gpt-4o') });
    expect(assignSlots(['gpt-4o'])).toEqual(assignSlots(['gpt-4o']));
  });

  it('keeps a value’s slot whatever other values a later query brings', () => {
    const first = assignSlots(['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet']);
    const second = assignSlots(['llama-3.1-70b', 'gpt-4o-mini', 'gemini-1.5-pro', 'gpt-4o'], first);
    for (const model of Object.keys(first)) expect(second[model]).toBe(first[model]);
  });

  it('never gives two values of one chart the same slot while free slots remain', () => {
    const values = Array.from({ length: SERIES_SLOTS }, (_, i) => `model-${i}`);
    const slots = Object.values(assignSlots(values));
    expect(new Set(slots).size).toBe(SERIES_SLOTS);
  });

  it('resolves a collision by probing the next free slot', () => {
    // Two names that hash to the same slot: the second one moves on.
    const a = 'a0';
    const b = Array.from({ length: 200 }, (_, i) => `b${i}`).find(
      (v) => preferredSlot(v) === preferredSlot(a),
    )!;
    const slots = assignSlots([a, b]);
    expect(slots[a]).toBe(preferredSlot(a));
    expect(slots[b]).toBe((preferredSlot(a) + 1) % SERIES_SLOTS);
  });

  it('once every slot is held, avoids the slots the chart already shows', () => {
    const full = assignSlots(Array.from({ length: SERIES_SLOTS }, (_, i) => `old-${i}`));
    const shown = Object.entries(full).slice(0, 3);
    const next = assignSlots([...shown.map(([v]) => v), 'new-model'], full);
    expect(shown.map(([, s]) => s)).not.toContain(next['new-model']);
    expect(next['new-model']).toBeGreaterThanOrEqual(0);
    expect(next['new-model']).toBeLessThan(SERIES_SLOTS);
  });

  it('does not change the assignment it was given', () => {
    const given = Object.freeze({ x: 1 });
    assignSlots(['y'], given);
    expect(given).toEqual({ x: 1 });
  });
});
