import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../report-model.ts';
import { patternsSection } from './sections.ts';

/** Issue 24 item 12: the analysis cites "P1"; the report's pattern table must carry those numbers. */
describe("the report's pattern table", () => {
  it('numbers patterns P1… in the order the analysis cites them', () => {
    const pattern = (template: string, count: number) => ({
      template,
      count,
      category: 'rate_limit',
      categoryReason: null,
      errorTypes: [],
      models: [],
      keyAliases: [],
      example: null,
    });
    const html = patternsSection({
      investigation: { total: 30 },
      patterns: [pattern('first <*>', 20), pattern('second <*>', 10)],
    } as unknown as ReportModel);
    expect(html).toContain('<th>#</th>');
    expect(html.indexOf('>P1<')).toBeLessThan(html.indexOf('first'));
    expect(html.indexOf('>P2<')).toBeGreaterThan(html.indexOf('first'));
    expect(html.indexOf('>P2<')).toBeLessThan(html.indexOf('second'));
  });
});
