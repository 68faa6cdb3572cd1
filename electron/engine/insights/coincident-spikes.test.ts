import { describe, expect, it } from 'vitest';
import type { SpikeDimension, ValueShare } from '../../../shared/analysis.ts';
import { foldCoincidentSpikes, type SpikeWithContext } from './coincident-spikes.ts';

const T = (h: number, m = 0) => new Date(Date.UTC(2026, 10, 23, h, m)).toISOString();

function spike(
  dimension: SpikeDimension,
  value: string | null,
  count: number,
  excess: number,
  window: [string, string],
  tops: { models?: ValueShare[]; keyAliases?: ValueShare[]; errorTypes?: ValueShare[] },
): SpikeWithContext {
  return {
    dimension,
    value,
    from: window[0],
    to: window[1],
    count,
    peakBucket: window[0],
    peak: count,
    baseline: 0,
    excess,
    score: 20,
    context: { models: [], deployments: [], keyAliases: [], errorTypes: [], ...tops },
  };
}

const incidentWindow: [string, string] = [T(18, 45), T(20, 0)];
// The incident: gpt-4o rate limits for support-bot, seen once per dimension with slightly different counts.
const incident = {
  models: [{ value: 'gpt-4o', count: 760 }],
  keyAliases: [{ value: 'support-bot', count: 755 }],
  errorTypes: [{ value: 'RateLimitError', count: 757 }],
};
const byType = spike('errorType', 'RateLimitError', 790, 780, incidentWindow, incident);
const byModel = spike('model', 'gpt-4o', 770, 765, [T(18, 30), T(20, 0)], incident);
const byKey = spike('keyAlias', 'support-bot', 765, 760, incidentWindow, incident);

describe('foldCoincidentSpikes', () => {
  it('shows one incident once: the strongest dimension leads, the others ride along in a fixed order', () => {
    const [lead, ...rest] = foldCoincidentSpikes([byType, byModel, byKey]);
    expect(rest).toEqual([]);
    expect(lead).toMatchObject({ dimension: 'errorType', value: 'RateLimitError', count: 790 });
    expect(lead!.together).toEqual([
      { dimension: 'model', value: 'gpt-4o', count: 770, from: T(18, 30), to: T(20, 0) },
      {
        dimension: 'keyAlias',
        value: 'support-bot',
        count: 765,
        from: incidentWindow[0],
        to: incidentWindow[1],
      },
    ]);
  });

  it('keeps apart spikes that do not overlap in time, or that are not mostly the same errors', () => {
    const later = spike('keyAlias', 'support-bot', 300, 290, [T(22, 0), T(22, 30)], incident);
    // Same window, but gpt-4o carries only a third of these errors: another cause that coincides.
    const mixed = spike('keyAlias', 'search-backend', 400, 380, incidentWindow, {
      models: [{ value: 'gpt-4o', count: 130 }],
      errorTypes: [{ value: 'Timeout', count: 390 }],
    });
    const folded = foldCoincidentSpikes([byModel, mixed, later]);
    expect(folded.map((s) => `${s.dimension}=${s.value}:${s.together.length}`)).toEqual([
      'model=gpt-4o:0',
      'keyAlias=search-backend:0',
      'keyAlias=support-bot:0',
    ]);
  });

  it('needs dominance both ways: a broad error type is not folded into one of its many models', () => {
    // Rate limits hit four models at once; gpt-4o holds 30 % of them, and they are 95 % of its errors.
    const broad = spike('errorType', 'RateLimitError', 1000, 980, incidentWindow, {
      models: [{ value: 'gpt-4o', count: 300 }],
    });
    const model = spike('model', 'gpt-4o', 316, 300, incidentWindow, {
      errorTypes: [{ value: 'RateLimitError', count: 300 }],
    });
    expect(foldCoincidentSpikes([broad, model]).map((s) => s.together.length)).toEqual([0, 0]);
  });

  it('folds at most one value per dimension into a lead, and a null value (no key alias) too', () => {
    const noKey = spike('keyAlias', null, 700, 690, incidentWindow, {
      models: [{ value: 'gpt-4o', count: 690 }],
    });
    const lead = spike('model', 'gpt-4o', 1500, 1400, incidentWindow, {
      keyAliases: [{ value: null, count: 800 }],
    });
    const second = spike('keyAlias', null, 650, 640, incidentWindow, {
      models: [{ value: 'gpt-4o', count: 640 }],
    });
    const folded = foldCoincidentSpikes([lead, noKey, second]);
    expect(folded).toHaveLength(2);
    expect(folded[0]!.together).toEqual([
      { dimension: 'keyAlias', value: null, count: 700, from: T(18, 45), to: T(20, 0) },
    ]);
  });
});
