import { describe, expect, it } from 'vitest';
import type { ErrorRow } from '../../../shared/investigation.ts';
import { Drain, mergeToken } from './drain.ts';
import { maskMessage, templateText } from './mask.ts';
import { PatternGrouper } from './pattern-grouper.ts';

function row(i: number, message: string | null, extra: Partial<ErrorRow> = {}): ErrorRow {
  return {
    requestId: `req-${i}`,
    time: new Date(Date.UTC(2026, 2, 10, 10, 0) + i * 60_000).toISOString(),
    model: 'gpt-4o',
    deployment: 'azure/gpt-4o-eu',
    keyAlias: 'support-bot',
    teamAlias: null,
    statusCode: '429',
    errorType: 'RateLimitError',
    errorMessage: message,
    provider: 'azure',
    apiBase: null,
    durationMs: null,
    totalTokens: null,
    sources: ['spend_logs'],
    ...extra,
  };
}

describe('maskMessage', () => {
  it.each([
    [
      'Rate limit reached in organization org-AbC123xyz789QWE456rty012 on TPM: Limit 2000000, Used 1999123',
      'Rate limit reached in organization <*> on TPM: Limit <*>, Used <*>',
    ],
    [
      'Please try again in 450ms. Visit https://platform.openai.com/account/rate-limits to learn more.',
      'Please try again in <*>. Visit <*> to learn more.',
    ],
    [
      'request 123e4567-e89b-12d3-a456-426614174000 from 10.20.3.14:11434 at 2026-03-10T10:00:00Z',
      'request <*> from <*> at <*>',
    ],
    [
      'Incorrect API key provided: sk-proj-ab12CD34********************wx9Z. owner bob@acme.example',
      'Incorrect API key provided: <*>. owner <*>',
    ],
    [
      'hash 9f86d081884c7d65 chatcmpl-8xYz12AbC id req_01HX5Q timed out after 600.52 seconds',
      'hash <*> <*> id <*> timed out after <*> seconds',
    ],
  ])('masks the variable parts of %s', (message, masked) => {
    expect(maskMessage(message)).toBe(masked);
  });

  it('keeps model names and words that merely contain digits', () => {
    expect(maskMessage('Model gpt-4o and claude-3-5-sonnet via S0 tier')).toBe(
      'Model gpt-4o and claude-3-5-sonnet via S0 tier',
    );
  });
});

describe('Drain', () => {
  const add = (drain: Drain, message: string) => {
    const masked = maskMessage(message);
    return drain.add(masked);
  };

  it('puts messages that differ only in variable words into one template', () => {
    const drain = new Drain();
    const a = add(
      drain,
      'The model `text-embedding-3-small-TJhqdM` does not exist or you do not have access to it.',
    );
    const b = add(
      drain,
      'The model `text-embedding-3-small-9kQpWz` does not exist or you do not have access to it.',
    );
    expect(b.id).toBe(a.id);
    // The constant ends of the variable word stay (quotes, the model family): only the variable part is masked.
    expect(templateText(b.tokens)).toBe(
      'The model `text-embedding-3-small-<*>` does not exist or you do not have access to it.',
    );
    expect(b.size).toBe(2);
  });

  it('keeps different errors of the same length apart', () => {
    const drain = new Drain();
    const a = add(drain, 'litellm.Timeout: APITimeoutError - Request timed out after 600 seconds');
    const b = add(drain, 'litellm.Timeout: APITimeoutError - Connection pool exhausted, no worker free');
    expect(b.id).not.toBe(a.id);
  });
});

describe('PatternGrouper', () => {
  it('counts, times, dimensions, a per-bucket series and an example per pattern', () => {
    const grid = { startMs: Date.UTC(2026, 2, 10, 10, 0), bucketSeconds: 3600, count: 3 };
    const grouper = new PatternGrouper(grid);
    for (let i = 0; i < 100; i++) {
      grouper.add(
        row(
          i,
          `litellm.RateLimitError: Requests exceeded the limit. Please retry after ${i % 50} seconds.`,
          i % 4 === 0 ? { keyAlias: 'search', model: 'gpt-4o-mini' } : {},
        ),
      );
    }
    for (let i = 0; i < 30; i++) grouper.add(row(i, null, { errorType: 'Timeout' }));
    const { patterns, patternCount } = grouper.result(10);
    expect(patternCount).toBe(2);
    const [top, second] = patterns;
    expect(top).toMatchObject({
      template: 'litellm.RateLimitError: Requests exceeded the limit. Please retry after <*> seconds.',
      count: 100,
      firstSeen: row(0, null).time,
      lastSeen: row(99, null).time,
      models: [
        { value: 'gpt-4o', count: 75 },
        { value: 'gpt-4o-mini', count: 25 },
      ],
      keyAliases: [
        { value: 'support-bot', count: 75 },
        { value: 'search', count: 25 },
      ],
      example: { requestId: 'req-0' },
    });
    expect(top!.share).toBeCloseTo(100 / 130);
    expect(top!.series).toEqual([60, 40, 0]);
    expect(second).toMatchObject({ template: 'Timeout (no message)', count: 30, series: [30, 0, 0] });
    expect(top!.id).toMatch(/^[0-9a-f]{10}$/);
  });

  it('merges clusters whose templates read the same once wildcard runs are collapsed', () => {
    const grouper = new PatternGrouper({ startMs: 0, bucketSeconds: 60, count: 1 });
    grouper.add(row(0, 'Upstream failed after 3 retries in 20s'));
    grouper.add(row(1, 'Upstream failed after 3 4 retries in 20s'));
    const { patterns, patternCount } = grouper.result(5);
    expect(patternCount).toBe(1);
    expect(patterns[0]).toMatchObject({ template: 'Upstream failed after <*> retries in <*>', count: 2 });
  });
});

describe('what changed', () => {
  it('names each pattern new, grew, shrank or steady against the period before, and leads with the new and the grown', () => {
    const grouper = new PatternGrouper({
      startMs: Date.UTC(2026, 2, 10, 10, 0),
      bucketSeconds: 3600,
      count: 1,
    });
    const add = (n: number, message: string, before = false) => {
      for (let i = 0; i < n; i++) {
        if (before) grouper.addBefore(row(1000 + i, message));
        else grouper.add(row(i, message));
      }
    };
    add(50, 'Requests exceeded the limit. Please retry after 3 seconds.');
    add(10, 'Request timed out after 600 seconds', false);
    add(6, 'Upstream connect error or disconnect/reset before headers');
    add(5, 'Content filter blocked the prompt');
    add(48, 'Requests exceeded the limit. Please retry after 4 seconds.', true);
    add(2, 'Request timed out after 30 seconds', true);
    add(30, 'Upstream connect error or disconnect/reset before headers', true);
    add(7, 'Gone away entirely', true);
    const { patterns, patternCount } = grouper.result(10);
    expect(patternCount).toBe(4);
    expect(patterns.map((p) => [p.template.slice(0, 20), p.count, p.previousCount, p.change])).toEqual([
      ['Content filter block', 5, 0, 'new'],
      ['Request timed out af', 10, 2, 'grew'],
      ['Requests exceeded th', 50, 48, 'steady'],
      ['Upstream connect err', 6, 30, 'shrank'],
    ]);
  });

  it('calls every pattern new when the period before was read and had no errors', () => {
    const grouper = new PatternGrouper({ startMs: 0, bucketSeconds: 60, count: 1 });
    grouper.add(row(0, 'Request timed out after 600 seconds'));
    grouper.markBeforeRead();
    expect(grouper.result(1).patterns[0]).toMatchObject({ previousCount: 0, change: 'new' });
  });

  it('says nothing of change where the period before was not read', () => {
    const grouper = new PatternGrouper({ startMs: 0, bucketSeconds: 60, count: 1 });
    grouper.add(row(0, 'Request timed out after 600 seconds'));
    expect(grouper.result(1).patterns[0]).toMatchObject({ previousCount: null, change: null });
  });
});

describe('mergeToken', () => {
  it.each([
    ['user=root', 'user=guest', 'user=<*>'],
    ["'Throttling.RateQuota',", "'Throttling.AllocationQuota',", "'Throttling.<*>',"],
    ['{"code":"rate_limit_exceeded",', '{"code":"context_length_exceeded",', '{"code":"<*>",'],
    ['root', 'guest', '<*>'],
    ['user=<*>', 'user=test', 'user=<*>'],
    ['user=<*>', 'uid=3', '<*>'],
  ])('%s and %s → %s (the constant key and quotes stay)', (a, b, merged) => {
    expect(mergeToken(a, b)).toBe(merged);
  });
});

describe('finalTemplates', () => {
  it('merges what the prefix tree split on a variable word in a routing position', () => {
    const grouper = new PatternGrouper({ startMs: 0, bucketSeconds: 60, count: 1 });
    for (const [i, word] of ['pii-filter', 'secrets', 'llama-guard', 'toxicity'].entries()) {
      grouper.add(row(i, `Guardrail ${word} blocked the request: detected email in message ${i}`));
    }
    grouper.add(row(9, 'Guardrail service unavailable, requests are passed through unchecked'));
    const { patterns, patternCount } = grouper.result(5);
    expect(patternCount).toBe(2);
    expect(patterns[0]).toMatchObject({
      template: 'Guardrail <*> blocked the request: detected email in message <*>',
      count: 4,
    });
  });
});
