import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Source } from './connection.ts';
import { Filters } from './filters.ts';
import { FAILURE_CATEGORIES } from './taxonomy.ts';
import { decodeView, encodeView, FILTER_CODEC_FIELDS, namesAView, type LinkedView } from './view-link.ts';

const text = fc.string({ unit: 'binary', maxLength: 24 }).filter((s) => !s.includes('\u0000'));
const values = fc.array(fc.oneof(text, fc.constant('')), { maxLength: 4 });
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) });
const timeRange = fc.oneof(
  fc.record({
    kind: fc.constant('relative' as const),
    last: fc
      .tuple(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom('m', 'h', 'd'))
      .map(([n, u]) => `${n}${u}`),
  }),
  fc.tuple(instant, fc.integer({ min: 1, max: 10 ** 10 })).map(([from, span]) => ({
    kind: 'absolute' as const,
    from: new Date(from).toISOString(),
    to: new Date(from + span).toISOString(),
  })),
);
const causes = fc.uniqueArray(fc.constantFrom(...FAILURE_CATEGORIES), { maxLength: 3 });
const filters: fc.Arbitrary<Filters> = fc.record(
  {
    timeRange,
    keyAliases: values,
    models: values,
    errorTypes: values,
    statusCodes: values,
    teamAliases: values,
    categories: causes,
    exclude: fc.record({
      keyAliases: values,
      models: values,
      errorTypes: values,
      statusCodes: values,
      teamAliases: values,
      categories: causes,
    }),
    sessionIds: values,
    text,
    limit: fc.integer({ min: 0, max: 100_000 }),
  },
  {
    requiredKeys: [
      'timeRange',
      'keyAliases',
      'models',
      'errorTypes',
      'statusCodes',
      'teamAliases',
      'categories',
      'exclude',
      'sessionIds',
      'limit',
    ],
  },
);
const source: fc.Arbitrary<Source> = fc.oneof(
  fc.constant({ kind: 'demo' as const }),
  text.filter((s) => s.trim() !== '').map((name) => ({ kind: 'profile' as const, name })),
  fc
    .constantFrom(
      'postgres://reader@db.internal:5432/litellm',
      'sqlite:///var/data/calls.db',
      '/home/sre/calls.sqlite',
    )
    .map((url) => ({ kind: 'url' as const, url })),
);
const view: fc.Arbitrary<LinkedView> = fc.record(
  {
    source,
    filters,
    tab: fc.constantFrom('errors' as const, 'traffic' as const),
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    error: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\u0000-\u001f]/.test(s)),
  },
  { requiredKeys: ['source', 'filters', 'tab'] },
);

describe('a view as a link', () => {
  it('encodes every field of the filter model (a field added to Filters fails here until it is encoded)', () => {
    expect([...FILTER_CODEC_FIELDS].sort()).toEqual(Object.keys(Filters.shape).sort());
    // …and each field really travels: a value differing from the default survives the round trip.
    const full = Filters.parse({
      timeRange: { kind: 'relative', last: '7d' },
      keyAliases: ['k'],
      models: ['m'],
      errorTypes: ['e'],
      statusCodes: ['429'],
      teamAliases: ['t'],
      categories: ['rate_limit'],
      exclude: { models: ['n'], categories: ['timeout'] },
      sessionIds: ['s'],
      text: 'x',
      limit: 7,
    });
    const decoded = decodeView(encodeView({ source: { kind: 'demo' }, filters: full, tab: 'errors' }));
    for (const key of Object.keys(Filters.shape)) expect(decoded.filters, key).toHaveProperty(key);
  });

  it('carries the cause filter as ?cause= and ?notCause= (a reload keeps it)', () => {
    const filters = Filters.parse({
      categories: ['rate_limit', 'quota'],
      exclude: { categories: ['timeout'] },
    });
    const link = encodeView({ source: { kind: 'demo' }, filters, tab: 'errors' });
    expect(link).toContain('cause=rate_limit');
    expect(link).toContain('notCause=timeout');
    const decoded = decodeView(link);
    expect(decoded.problems).toEqual([]);
    expect(decoded.filters.categories).toEqual(['rate_limit', 'quota']);
    expect(decoded.filters.exclude?.categories).toEqual(['timeout']);
    expect(decodeView('cause=slow').problems.join(' ')).toMatch(/cause|categor/i);
  });

  it('round-trips any view: source, every filter (missing values too), tab and selected error', () => {
    fc.assert(
      fc.property(view, (v) => {
        const decoded = decodeView(encodeView(v));
        expect(decoded.problems).toEqual([]);
        expect(Filters.parse(decoded.filters)).toEqual(v.filters);
        expect(decoded.source).toEqual(v.source);
        expect(decoded.tab ?? 'errors').toBe(v.tab);
        expect(decoded.error).toBe(v.error);
      }),
      { numRuns: 400 },
    );
  });

  it('never puts a password, a token or URL options into a link', () => {
    for (const url of [
      'postgres://u:s3cret@db/x',
      'postgres://db/x?password=s3cret',
      'mysql://u:s3cret@h/d',
      'postgres://db/x#s3cret',
    ]) {
      const link = encodeView({ source: { kind: 'url', url }, filters: Filters.parse({}), tab: 'errors' });
      expect(link).not.toContain('s3cret');
      expect(link).not.toContain('source=');
    }
    expect(decodeView('source=url:postgres://u:pw@db/x').source).toBeUndefined();
    expect(decodeView('source=url:postgres://u:pw@db/x').problems[0]).toMatch(/must not carry a password/);
  });

  it('reads bad and unknown values as clear problems, keeps the good parts, never throws', () => {
    const decoded = decodeView(
      '?source=nope&range=abc&limit=-4&status=429&tab=logs&colour=red&from=2026-01-02',
    );
    expect(decoded.filters).toEqual({ statusCodes: ['429'] });
    expect(decoded.problems).toEqual([
      'Unknown part of the link ignored: “colour”.',
      'source “nope”: expected demo, profile:NAME or url:DATABASE-URL.',
      expect.stringMatching(/^range\/from “.*”: expected an ISO 8601 date-time/),
      'limit “-4”: expected a whole number.',
      'tab “logs”: expected errors, traffic or health.',
    ]);
    expect(decodeView('range=2h').filters.timeRange).toEqual({ kind: 'relative', last: '2h' });
    expect(decodeView('range=0h').problems[0]).toMatch(
      /^range “0h”: expected a duration like 15m, 24h or 7d\.$/,
    );
    expect(decodeView(`q=${'x'.repeat(20_000)}`).problems[0]).toMatch(/too long/);
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    expect(decodeView('tab=%1b%5B31m').problems[0]).not.toMatch(/\u001b/);
    expect(namesAView(decodeView(''))).toBe(false);
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void decodeView(s)));
  });
});
