import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../shared/display-width.ts';
import { formatInsights } from './investigate-analysis.ts';
import { formatInvestigation } from './print.ts';

/** Issue 24 item 12: the CLI's text reads as the app does and stays aligned with CJK values. */
describe('CLI text', () => {
  it('aligns the count column whatever the width of the key aliases', () => {
    const text = formatInvestigation(
      {
        total: 30,
        byModel: [],
        byErrorType: [],
        timeline: [],
        errors: [],
        notes: [],
        byKeyAlias: [
          { keyAlias: '客服机器人', count: 20 },
          { keyAlias: 'agent', count: 10 },
        ],
        query: { from: '2026-03-10T10:00:00.000Z', to: '2026-03-10T12:00:00.000Z', bucketSeconds: 900 },
        source: 'demo',
      } as never,
      120,
    );
    const rows = text.split('\n').filter((l) => /客服机器人|agent /.test(l));
    expect(rows).toHaveLength(2);
    const countEnd = (l: string) => displayWidth(l.slice(0, l.indexOf('%')));
    expect(countEnd(rows[0]!)).toBe(countEnd(rows[1]!));
  });

  it('numbers patterns P1… as the analysis cites them and names their cause as the app does', () => {
    const pattern = {
      count: 12,
      template: 'Rate limit reached for <*>',
      category: 'rate_limit',
      models: [{ value: 'gpt-4o', count: 12 }],
      keyAliases: [{ value: 'agent', count: 12 }],
      example: { requestId: 'r-1' },
    };
    const text = formatInsights({ spikes: [], patternCount: 1, patterns: [pattern] } as never, 100);
    expect(text).toContain('P1 ');
    expect(text).toContain('Provider rate limit');
    expect(text).not.toContain('[rate_limit]');
  });

  it("has an error-rate line as the app's summary words it, and keeps the newest rows aligned around CJK values", () => {
    const row = (model: string, keyAlias: string) => ({
      time: '2026-03-10T11:00:00.000Z',
      model,
      keyAlias,
      statusCode: '429',
      errorType: 'RateLimitError',
      errorMessage: 'x',
    });
    const result = {
      total: 30,
      byModel: [],
      byErrorType: [],
      byKeyAlias: [],
      timeline: [],
      notes: [],
      errors: [
        row('qwen3-30b-大模型-长上下文-实验版本', '客服机器人-华东区-生产环境'),
        row('gpt-4o', 'agent'),
      ],
      query: { from: '2026-03-10T10:00:00.000Z', to: '2026-03-10T12:00:00.000Z', bucketSeconds: 900 },
      source: 'demo',
    } as never;
    const text = formatInvestigation(result, 120, '7.5% of 400 requests');
    expect(text).toContain('\n30 errors\nError rate: 7.5% of 400 requests\n');
    const heads = text.split('\n').filter((l) => l.includes('RateLimitError'));
    expect(heads.map((l) => displayWidth(l.slice(0, l.indexOf('429'))))).toEqual([59, 59]);
    expect(formatInvestigation(result, 120, null)).toContain(
      'Error rate: unknown (the request totals could not be read)',
    );
    expect(formatInvestigation(result, 120)).not.toContain('Error rate');
  });
});
