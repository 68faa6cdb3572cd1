import { describe, expect, it } from 'vitest';
import { ReportRequest } from '../../../shared/contract/reports.ts';
import type { Investigation } from '../../../shared/investigation.ts';
import { TERMINAL_ESCAPES } from '../../test-support/hostile-values.ts';
import { analysisFile, markdownSummary } from './markdown-summary.ts';
import { buildReportModel } from './report-model.ts';
import { createScrub, createSourceScrub } from './report-redaction.ts';

/** Any control a terminal acts on (tab and line feed are text). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

const investigation: Investigation = {
  query: {
    from: '2026-03-10T10:00:00.000Z',
    to: '2026-03-10T12:00:00.000Z',
    bucketSeconds: 3600,
    keyAliases: ['support-bot'],
    models: [],
    errorTypes: [],
    statusCodes: [],
    teamAliases: [],
    text: null,
    limit: 100,
  },
  total: 120,
  byModel: [
    { model: 'gpt-4o', count: 100 },
    { model: 'claude', count: 20 },
  ],
  byErrorType: [{ errorType: 'RateLimitError', count: 120 }],
  byKeyAlias: [{ keyAlias: 'support-bot', count: 120 }],
  timeline: [
    { bucket: '2026-03-10T10:00:00.000Z', count: 20 },
    { bucket: '2026-03-10T11:00:00.000Z', count: 100 },
  ],
  timelineByModel: [],
  errors: [
    {
      requestId: 'r1',
      time: '2026-03-10T11:59:00.000Z',
      model: 'gpt-4o',
      deployment: 'azure/gpt-4o-eu',
      keyAlias: 'support-bot',
      teamAlias: null,
      statusCode: '429',
      errorType: 'RateLimitError',
      errorMessage: 'Rate `limited`\nfor key sk-proj-abcdef123456 <b>now</b>',
      provider: 'azure',
      apiBase: null,
      durationMs: 10,
      totalTokens: 0,
      sources: ['spend_logs'],
    },
  ],
  notes: [],
};

const summary = (
  request: Record<string, unknown> = {},
  timeZone = 'UTC',
  inv: Investigation = investigation,
) =>
  markdownSummary(
    buildReportModel({
      investigation: inv,
      source: 'postgres://reader@db.internal:5432/litellm',
      request: ReportRequest.parse({ investigationId: 'x', outDir: '/x', options: { timeZone }, ...request }),
      offlineMarkdown: '# Offline summary — no LLM configured',
      generatedAt: new Date('2026-03-10T12:05:00Z'),
      scrub: createScrub({ emails: true, ipAddresses: true }, []),
      scrubSource: createSourceScrub({ emails: true, ipAddresses: true }, []),
    }),
  );

describe('markdownSummary (for Slack, GitHub and Jira)', () => {
  it('names failed requests and failed attempts as two numbers for LiteLLM, never one sum of "errors" (issue 19)', () => {
    const attempts = {
      total: 262,
      byDeployment: [],
      byErrorType: [],
      byStatusCode: [],
      standIn: false,
      note: null,
    };
    const text = summary({}, 'UTC', { ...investigation, failedAttempts: 262, attempts });
    expect(text).toContain('- Failed requests: **120**\n- Failed attempts on deployments: **262**');
    expect(text).not.toMatch(/Errors: \*\*/);
    const standIn = summary({}, 'UTC', {
      ...investigation,
      failedAttempts: 120,
      attempts: { ...attempts, total: 120, standIn: true },
    });
    expect(standIn).toContain('- Failed attempts (no failed request logged): **120**');
  });

  it('states the total, range (in the zone chosen, UTC by default), source, filters and the top lists', () => {
    const text = summary();
    expect(text).toMatch(/^\*\*LLM gateway errors, 2026-03-10 10:00 – 12:00 UTC\*\*\n/);
    expect(text).toContain('- Errors: **120**');
    expect(text).toContain('- Time range: 2026-03-10 10:00 – 12:00 UTC (times in UTC)');
    expect(text).toContain('- Source: `postgres://reader@db.internal:5432/litellm`');
    expect(text).toContain('- Filters: Key alias `support-bot`');
    expect(text).toContain('**By model**\n- `gpt-4o`: 100 (83%)\n- `claude`: 20 (17%)');
  });

  it('writes every time in the zone the user chose, naming it once (issue 12 fix 2)', () => {
    const text = summary({}, 'America/New_York');
    expect(text).toMatch(/^\*\*LLM gateway errors, 2026-03-10 06:00 – 08:00 GMT-4\*\*\n/);
    expect(text).toContain(
      '- Time range: 2026-03-10 06:00 – 08:00 GMT-4 (times in America/New_York (GMT-4))',
    );
    expect(text).toContain('- 2026-03-10 07:59:00 GMT-4 · `RateLimitError`');
    expect(text).not.toContain('UTC');
  });

  it('uses no table, heading or HTML, keeps each error on one line and redacts it', () => {
    const text = summary();
    expect(text).not.toMatch(/^#|^\|/m);
    const newest = text.split('\n').find((l) => l.includes('RateLimitError') && l.includes('UTC ·'))!;
    expect(newest).toBe(
      "- 2026-03-10 11:59:00 UTC · `RateLimitError` · `gpt-4o` · `support-bot`: `Rate 'limited' for key [REDACTED_KEY] <b>now</b>`",
    );
  });

  it('lists each spike once, with the values that spiked together with it', () => {
    const text = summary({
      spikes: [
        {
          from: '2026-03-10T11:00:00.000Z',
          to: '2026-03-10T12:00:00.000Z',
          count: 100,
          peak: 100,
          dimension: 'errorType',
          value: 'RateLimitError',
          together: [
            { dimension: 'model', value: 'gpt-4o' },
            { dimension: 'keyAlias', value: null },
          ],
        },
      ],
    });
    expect(text).toContain(
      '**Spikes**\n- 2026-03-10 11:00 – 12:00 UTC: error type RateLimitError with model gpt-4o, (no key alias), 100 errors (peak 100 in one bucket)',
    );
  });

  it('adds the analysis when one was handed over, marked as written by an LLM', () => {
    expect(summary()).not.toContain('LLM analysis');
    const text = summary({ analysis: { markdown: '1. Azure throttled gpt-4o.', model: 'gpt-4o-mini' } });
    expect(text).toContain(
      '**LLM analysis** (gpt-4o-mini), check before acting:\n\n1. Azure throttled gpt-4o.',
    );
  });

  it('names each pattern by its cause', () => {
    const md = summary({
      patterns: [
        {
          template: 'Rate limit reached for <*>',
          count: 100,
          category: 'rate_limit',
          categoryReason: 'throttled',
        },
      ],
    });
    expect(md).toContain('- 100 × `Rate limit reached for <*>` — provider rate limit');
  });

  describe('hostile content (issue 18, defect 8)', () => {
    const HOSTILE = [
      'Cause: <script>alert(1)</script> and <img src=x onerror="alert(2)">',
      '',
      '<iframe src="https://evil.example/"></iframe>',
      '',
      'See [the runbook](javascript:alert(3)), [docs](https://docs.example/ok), <javascript:alert(4)> and [ref][r].',
      '',
      '![pixel](https://evil.example/track.png) [![x](https://evil.example/b.png)](https://ok.example/)',
      '',
      '[r]: javascript:alert(5)',
      '',
      'Code stays: `List<String>`',
      '',
      `Escapes: ${TERMINAL_ESCAPES}`,
    ].join('\n');

    for (const [name, text] of [
      ['summary_*.md', () => summary({ analysis: { markdown: HOSTILE, model: 'm' } })],
      ['llm_analysis_*.md', () => analysisFile(HOSTILE)],
    ] as const) {
      it(`${name}: no raw HTML, no script link, no remote image, no terminal escape`, async () => {
        const md = text();
        expect(md).not.toMatch(/<(script|img|iframe)/i);
        expect(md).not.toMatch(/\]\(\s*javascript:|<javascript:|\]:\s*javascript:/i);
        expect(md).not.toMatch(/!\[[^\]]*\]\(/);
        expect(md).not.toMatch(CONTROLS);
        // What is left reads as the text it was, and safe links and code stay.
        expect(md).toContain('&lt;script>alert(1)&lt;/script>');
        expect(md).toContain('See the runbook, [docs](https://docs.example/ok)');
        expect(md).toContain('(image: pixel)');
        expect(md).toContain('[(image: x)](https://ok.example/)');
        expect(md).toContain('`List<String>`');
        expect(md).toContain('\\x1b]52;c;');
        // Rendered as a viewer would render it: nothing runs, nothing loads.
        const { marked } = await import('marked');
        const html = marked.parse(md, { async: false });
        expect(html).not.toMatch(/<(script|img|iframe)\b|href="javascript:|<[a-z][^>]*\sonerror=/i);
      });
    }

    it('keeps values from the database free of terminal escapes too', () => {
      const hostile = { ...investigation, byModel: [{ model: `gpt${TERMINAL_ESCAPES}`, count: 120 }] };
      const md = markdownSummary(
        buildReportModel({
          investigation: hostile,
          source: 'x',
          request: ReportRequest.parse({ investigationId: 'x', outDir: '/x' }),
          offlineMarkdown: '',
          generatedAt: new Date('2026-03-10T12:05:00Z'),
          scrub: createScrub({ emails: true, ipAddresses: true }, []),
          scrubSource: createSourceScrub({ emails: true, ipAddresses: true }, []),
        }),
      );
      expect(md).toContain('`gpt\\x1b]52;c;');
      expect(md).not.toMatch(CONTROLS);
    });
  });
});
