import { describe, expect, it } from 'vitest';
import type { ErrorPattern, Insights } from '../../../shared/analysis.ts';
import type { ErrorRow, Investigation } from '../../../shared/investigation.ts';
import { PromptRedaction } from '../../../shared/llm-settings.ts';
import { DEFAULT_PRICES, estimateCost, priceFor } from './price-table.ts';
import { buildPrompt, representativeSample } from './prompt.ts';
import { estimateTokens } from './token-estimate.ts';

const SECRET = 'sk-live-0123456789abcdefABCDEF';

function error(i: number, type: string, model: string): ErrorRow {
  return {
    requestId: `r-${i}`,
    time: '2026-03-10T10:00:00.000Z',
    model,
    deployment: null,
    keyAlias: 'bot',
    teamAlias: null,
    statusCode: '429',
    errorType: type,
    errorMessage: `${type} number ${i}: key ${SECRET} by ann@corp.example ${'x'.repeat(200)}`,
    provider: null,
    apiBase: null,
    durationMs: null,
    totalTokens: null,
    sources: ['spend_logs'],
  };
}

function pattern(i: number): ErrorPattern {
  const message = `Pattern ${i} failed for ${SECRET} from 10.1.2.3 ${'detail '.repeat(60)}`;
  return {
    id: `p${i}`,
    template: `Pattern ${i} failed for <*> from <*> ${'detail '.repeat(60)}`,
    count: 1000 - i,
    share: 0.01,
    firstSeen: '2026-03-10T10:00:00.000Z',
    lastSeen: '2026-03-10T11:00:00.000Z',
    models: [{ value: 'gpt-4o', count: 10 }],
    keyAliases: [{ value: 'bot', count: 10 }],
    errorTypes: [{ value: 'RateLimitError', count: 10 }],
    series: [],
    example: {
      requestId: `ex-${i}`,
      time: '2026-03-10T10:00:00.000Z',
      model: 'gpt-4o',
      keyAlias: 'bot',
      errorType: 'RateLimitError',
      statusCode: '429',
      message,
    },
    category: 'rate_limit',
    categoryReason: 'throttled',
    categoryCheck: 'limits',
    categorySource: 'rules',
    previousCount: null,
    change: null,
  };
}

const errors = Array.from({ length: 300 }, (_, i) =>
  error(i, ['RateLimitError', 'Timeout', 'AuthenticationError'][i % 3]!, i % 2 ? 'gpt-4o' : 'claude'),
);
const investigation: Investigation = {
  query: {
    from: '2026-03-10T00:00:00.000Z',
    to: '2026-03-11T00:00:00.000Z',
    bucketSeconds: 900,
    keyAliases: [],
    models: [],
    errorTypes: [],
    statusCodes: [],
    teamAliases: [],
    text: null,
    limit: 300,
  },
  total: 50_000,
  byModel: [
    { model: 'gpt-4o', count: 30_000 },
    { model: 'claude', count: 20_000 },
  ],
  byErrorType: [{ errorType: 'RateLimitError', count: 50_000 }],
  byKeyAlias: [{ keyAlias: 'ann@corp.example', count: 50_000 }],
  timeline: [],
  timelineByModel: [],
  errors,
  notes: [],
};
const insights: Insights = {
  investigationId: 'i',
  total: 50_000,
  newestRequestId: 'r-0',
  bucketSeconds: 900,
  buckets: [],
  patterns: Array.from({ length: 20 }, (_, i) => pattern(i)),
  patternCount: 20,
  spikes: [],
  series: [],
  before: null,
};

describe('buildPrompt', () => {
  it('stays within the token budget however much data there is, most important parts first', () => {
    for (const budget of [1_000, 3_000, 8_000]) {
      const prompt = buildPrompt({ investigation, insights, redaction: PromptRedaction.parse({}), budget });
      expect(prompt.estimatedTokens).toBeLessThanOrEqual(budget);
      expect(estimateTokens(prompt.system) + estimateTokens(prompt.user)).toBeLessThanOrEqual(budget);
      expect(prompt.user).toContain('Total errors: 50000');
    }
    const small = buildPrompt({
      investigation,
      insights,
      redaction: PromptRedaction.parse({}),
      budget: 1_500,
    });
    const large = buildPrompt({
      investigation,
      insights,
      redaction: PromptRedaction.parse({}),
      budget: 20_000,
    });
    expect(small.included.patterns).toBeLessThan(large.included.patterns);
    expect(large.included).toMatchObject({ patterns: 20, samples: 40 });
  });

  it('redacts every piece of data before it is measured and sent', () => {
    const prompt = buildPrompt({
      investigation,
      insights,
      redaction: PromptRedaction.parse({}),
      budget: 20_000,
    });
    expect(prompt.user).not.toContain(SECRET);
    expect(prompt.user).not.toContain('ann@corp.example');
    expect(prompt.user).not.toContain('10.1.2.3');
    expect(prompt.user).toContain('[REDACTED_KEY]');
    const open = buildPrompt({
      investigation,
      insights,
      redaction: PromptRedaction.parse({ emails: false, ipAddresses: false }),
      budget: 20_000,
    });
    expect(open.user).toContain('ann@corp.example');
    expect(open.user).toContain('10.1.2.3');
    expect(open.user).not.toContain(SECRET);
  });
});

describe('representativeSample', () => {
  it('takes one error of each (error type, model) before a second of any', () => {
    const sample = representativeSample(errors, 6);
    expect(new Set(sample.map((e) => `${e.errorType}/${e.model}`)).size).toBe(6);
  });
});

describe('estimateTokens', () => {
  it('errs on the high side of a BPE tokenizer for log text', () => {
    // cl100k: 12 tokens for the sentence; `429| 500| 503| 199|999|9` for the numbers.
    expect(estimateTokens('The quick brown fox jumps over the lazy dog, twice.')).toBeGreaterThanOrEqual(12);
    expect(estimateTokens('429 500 503 1999999')).toBeGreaterThanOrEqual(6);
  });
});

describe('the prompt in the reader’s time zone', () => {
  it('writes every time in the chosen zone and names it once; UTC when none is chosen', () => {
    const ny = buildPrompt({
      investigation,
      insights,
      redaction: PromptRedaction.parse({}),
      budget: 20_000,
      timeZone: 'America/New_York',
    });
    expect(ny.user).toMatch(
      /^Times are in America\/New_York \(GMT-4\)\. Range: 2026-03-09 20:00 – 2026-03-10 20:00 GMT-4,/m,
    );
    expect(ny.user).toContain(
      'P1 [rate_limit] 1000 errors (2.0%), first 2026-03-10 06:00 GMT-4, last 2026-03-10 07:00 GMT-4',
    );
    expect(ny.user).toContain('time=2026-03-10 06:00 GMT-4');
    expect(ny.user).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    expect(ny.user.match(/Times are in/g)).toHaveLength(1);
    const utc = buildPrompt({
      investigation,
      insights,
      redaction: PromptRedaction.parse({}),
      budget: 20_000,
    });
    expect(utc.user).toMatch(/^Times are in UTC\. Range: 2026-03-10 00:00 – 2026-03-11 00:00 UTC,/m);
    expect(utc.user).toContain('time=2026-03-10 10:00 UTC');
  });
});

describe('price table', () => {
  it('prices by exact name or the longest prefix, ignoring the provider prefix', () => {
    expect(priceFor(DEFAULT_PRICES, 'azure/gpt-4o-2024-08-06')?.model).toBe('gpt-4o');
    expect(priceFor(DEFAULT_PRICES, 'gpt-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini');
    expect(priceFor(DEFAULT_PRICES, 'llama3.1:70b')).toBeNull();
    expect(estimateCost(DEFAULT_PRICES, 'gpt-4o', 1_000_000, 100_000)).toBeCloseTo(3.5);
  });

  it('gives each pattern its cause category', () => {
    const prompt = buildPrompt({
      investigation,
      insights,
      redaction: PromptRedaction.parse({}),
      budget: 8_000,
    });
    expect(prompt.user).toMatch(/^P1 \[rate_limit\] 1000 errors/m);
  });
});
