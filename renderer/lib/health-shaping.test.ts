import { describe, expect, it } from 'vitest';
import { Filters } from '../../shared/filters.ts';
import type { Finding } from '../../shared/health.ts';
import { filtersForLink, formatBytes, groupFindings, growthBars } from './health-shaping.ts';

const finding = (
  area: Finding['area'],
  certainty: Finding['certainty'],
  title: string,
  severity: Finding['severity'] = 'warning',
): Finding => ({
  kind: 'gap',
  area,
  certainty,
  severity,
  title,
  count: 1,
  unit: 'gaps',
  explanation: '',
  touches: null,
  where: null,
  details: [],
});

describe('health shaping', () => {
  it('groups integrity before health, problems first, then the surest', () => {
    const groups = groupFindings([
      finding('health', 'likely', 'h1'),
      finding('integrity', 'certain', 'info', 'info'),
      finding('integrity', 'possible', 'i1'),
      finding('integrity', 'certain', 'i2'),
      finding('integrity', 'likely', 'p1', 'problem'),
    ]);
    expect(groups.map((g) => [g.title, g.findings.map((f) => f.title)])).toEqual([
      ['Logging integrity', ['p1', 'i2', 'i1', 'info']],
      ['Database health', ['h1']],
    ]);
    expect(groupFindings([])).toEqual([]);
  });

  it('formats bytes and scales the growth bars to the busiest day', () => {
    expect([
      formatBytes(512),
      formatBytes(1536),
      formatBytes(5 * 1024 ** 3),
      formatBytes(300 * 1024 ** 2),
    ]).toEqual(['512 B', '1.5 KB', '5.0 GB', '300 MB']);
    expect(
      growthBars([
        { day: 'a', rows: 50, bytesEstimate: null },
        { day: 'b', rows: 100, bytesEstimate: 10 },
      ]).map((b) => b.share),
    ).toEqual([0.5, 1]);
  });

  it("opens a finding's range, models and keys, dropping the other filters", () => {
    const current = Filters.parse({
      timeRange: { kind: 'relative', last: '24h' },
      errorTypes: ['Timeout'],
      limit: 500,
    });
    const next = filtersForLink(
      {
        tab: 'traffic',
        from: '2026-03-10T00:00:00.000Z',
        to: '2026-03-11T00:00:00.000Z',
        models: ['gpt-4o'],
        keyAliases: ['alpha'],
      },
      current,
    );
    expect(next).toMatchObject({
      timeRange: { kind: 'absolute', from: '2026-03-10T00:00:00.000Z' },
      models: ['gpt-4o'],
      keyAliases: ['alpha'],
      errorTypes: [],
      limit: 500,
    });
  });
});
