import { describe, expect, it } from 'vitest';
import { defaultFilters, Filters } from './filters.ts';
import { errorOnlyFilterNames, rateBaseFilters, rateWords } from './rate-basis.ts';

describe('what an error rate is of (issue 24 item 3)', () => {
  it('names the error-only filters, kept or left out', () => {
    expect(errorOnlyFilterNames(defaultFilters())).toEqual([]);
    expect(
      errorOnlyFilterNames(Filters.parse({ keyAliases: ['a'], exclude: { keyAliases: ['b'] } })),
    ).toEqual([]);
    expect(errorOnlyFilterNames(Filters.parse({ errorTypes: ['Timeout'], text: 'quota' }))).toEqual([
      'error type',
      'message',
    ]);
    expect(errorOnlyFilterNames(Filters.parse({ exclude: { statusCodes: ['429'] } }))).toEqual([
      'status code',
    ]);
  });

  it('drops only the error-only filters for the denominator', () => {
    const f = Filters.parse({
      keyAliases: ['a'],
      teamAliases: ['t'],
      errorTypes: ['Timeout'],
      text: 'x',
      exclude: { statusCodes: ['429'], models: ['m'] },
    });
    const base = rateBaseFilters(f);
    expect(base).toMatchObject({
      keyAliases: ['a'],
      teamAliases: ['t'],
      errorTypes: [],
      statusCodes: [],
      text: undefined,
    });
    expect(base.exclude).toMatchObject({ statusCodes: [], models: ['m'] });
    const plain = Filters.parse({ keyAliases: ['a'] });
    expect(rateBaseFilters(plain)).toBe(plain);
  });

  it('says what the rate is of', () => {
    expect(rateWords(1194, 19_520, defaultFilters())).toBe('6.1% of 19,520 requests');
    expect(rateWords(303, 4200, Filters.parse({ errorTypes: ['RateLimitError'] }))).toBe(
      '7.2% of all 4,200 requests (any error type)',
    );
    expect(rateWords(0, 0, defaultFilters())).toBe('no requests in the range');
  });
});
