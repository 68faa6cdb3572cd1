import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.ts';
import { firstSourceFromEnv } from '../platform/first-source.ts';
import { testPlatform } from '../../test-support/test-platform.ts';

/** Issue 23: the first screen is the answer — a first start opens on the demo, queried at once. */
describe('the source the window opens on', () => {
  it('a first start (nothing remembered) opens on the demo with the default range', async () => {
    const engine = createEngine(testPlatform());
    expect(await engine.call('view.lastSource', {})).toEqual({ source: { kind: 'demo' }, timeRange: null });
    await engine.close();
  });

  it('the last source queried wins over the demo, with its range', async () => {
    const engine = createEngine(testPlatform());
    const range = { kind: 'relative' as const, last: '7d' as const };
    await engine.call('view.rememberSource', { source: { kind: 'profile', name: 'prod' }, timeRange: range });
    expect(await engine.call('view.lastSource', {})).toEqual({
      source: { kind: 'profile', name: 'prod' },
      timeRange: range,
    });
    await engine.close();
  });

  it('LOGDESK_FIRST_SOURCE=none opens empty until a query is remembered', async () => {
    const engine = createEngine(
      testPlatform({ firstSource: firstSourceFromEnv({ LOGDESK_FIRST_SOURCE: 'none' }) }),
    );
    expect(await engine.call('view.lastSource', {})).toEqual({ source: null, timeRange: null });
    await engine.call('view.rememberSource', { source: { kind: 'demo' } });
    expect((await engine.call('view.lastSource', {})).source).toEqual({ kind: 'demo' });
    await engine.close();
  });

  it('openStartSource opens the demo the window will open on, while the page loads; nothing else', async () => {
    const demo = { kind: 'demo' as const };
    const first = createEngine(testPlatform());
    await first.openStartSource();
    expect(first.context.connections.has(demo)).toBe(true);
    await first.close();

    const empty = createEngine(testPlatform({ firstSource: 'none' }));
    await empty.openStartSource();
    expect(empty.context.connections.has(demo)).toBe(false);
    await empty.close();

    // A remembered profile is left to the query (it may ask for a secret): nothing opened, nothing failed.
    const platform = testPlatform();
    const profile = createEngine(platform);
    await profile.call('view.rememberSource', { source: { kind: 'profile', name: 'prod' } });
    await profile.openStartSource();
    expect(profile.context.connections.has({ kind: 'profile', name: 'prod' })).toBe(false);
    expect(platform.lines.filter((l) => l.level !== 'info')).toEqual([]);
    await profile.close();
  });

  it('a bad LOGDESK_FIRST_SOURCE names the variable and the values it takes; unset means the demo', () => {
    expect(firstSourceFromEnv({})).toBe('demo');
    expect(firstSourceFromEnv({ LOGDESK_FIRST_SOURCE: ' demo ' })).toBe('demo');
    expect(() => firstSourceFromEnv({ LOGDESK_FIRST_SOURCE: 'off' })).toThrow(
      'LOGDESK_FIRST_SOURCE: expected "demo" or "none", got "off"',
    );
  });
});
