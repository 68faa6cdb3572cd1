import { describe, expect, it } from 'vitest';
import { Filters, MISSING_VALUE } from '../../shared/filters.ts';
import { filterChips } from './filter-chips.ts';

describe("the compact filter bar's chips (issue 24 item 11)", () => {
  const filters = Filters.parse({
    keyAliases: ['agent', MISSING_VALUE],
    models: ['gpt-4o'],
    exclude: { statusCodes: ['429'], categories: ['rate_limit'] },
    sessionIds: ['s-1'],
    text: 'quota',
  });

  it('names every active filter, the missing value by its one label, exclusions with ≠', () => {
    expect(filterChips(filters).map((c) => c.text)).toEqual([
      'Key alias = agent',
      'Key alias = (no key alias)',
      'Model = gpt-4o',
      'Status code ≠ 429',
      'Cause ≠ Provider rate limit',
      'Session = s-1',
      'Message contains “quota”',
    ]);
    expect(filterChips(Filters.parse({}))).toEqual([]);
  });

  it('removing a chip drops that value only', () => {
    const chips = filterChips(filters);
    let f = filters;
    for (const text of [
      'Key alias = agent',
      'Status code ≠ 429',
      'Cause ≠ Provider rate limit',
      'Message contains “quota”',
    ])
      f = chips.find((c) => c.text === text)!.without(f);
    expect(filterChips(f).map((c) => c.text)).toEqual([
      'Key alias = (no key alias)',
      'Model = gpt-4o',
      'Session = s-1',
    ]);
    expect(f.timeRange).toEqual(filters.timeRange);
  });
});
