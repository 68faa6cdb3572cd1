import { describe, expect, it } from 'vitest';
import { clearedFilters, Filters, filterWords, hasExclusions, toggleExclusion } from './filters.ts';

describe('exclusions in the filter model', () => {
  it('default to none, also for filters saved before they existed', () => {
    const old = Filters.parse({ keyAliases: ['a'] });
    expect(old.exclude).toEqual({
      keyAliases: [],
      models: [],
      errorTypes: [],
      statusCodes: [],
      teamAliases: [],
      categories: [],
    });
    expect(old.categories).toEqual([]);
    expect(hasExclusions(old.exclude)).toBe(false);
    expect(Filters.safeParse({ exclude: { models: ['x'.repeat(501)] } }).error?.issues[0]?.path).toEqual([
      'exclude',
      'models',
      0,
    ]);
  });

  it('a value moves between "= value" and "≠ value", never in both', () => {
    const f = Filters.parse({ models: ['gpt-4o', 'claude'] });
    const out = toggleExclusion(f, 'models', 'gpt-4o');
    expect(out.models).toEqual(['claude']);
    expect(out.exclude.models).toEqual(['gpt-4o']);
    expect(hasExclusions(out.exclude)).toBe(true);
    const back = toggleExclusion(out, 'models', 'gpt-4o');
    expect(back.models).toEqual(['claude', 'gpt-4o']);
    expect(back.exclude.models).toEqual([]);
  });

  it('read as people say them, the missing value by its label', () => {
    const f = Filters.parse({ keyAliases: ['a'], exclude: { keyAliases: ['', 'b'] } });
    expect(filterWords(f, 'keyAliases')).toBe('a, ≠ (no key alias), ≠ b');
    expect(filterWords(f, 'models')).toBe('');
  });

  it('Clear all keeps the time range and the row limit only', () => {
    const f = Filters.parse({
      timeRange: { kind: 'relative', last: '7d' },
      keyAliases: ['a'],
      teamAliases: ['t'],
      sessionIds: ['s'],
      exclude: { errorTypes: ['x'] },
      text: 'q',
      limit: 1000,
    });
    expect(clearedFilters(f)).toEqual(
      Filters.parse({ timeRange: { kind: 'relative', last: '7d' }, limit: 1000 }),
    );
  });
});
