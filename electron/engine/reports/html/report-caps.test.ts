import { describe, expect, it } from 'vitest';
import { ReportRequest } from '../../../../shared/contract/reports.ts';
import type { Investigation } from '../../../../shared/investigation.ts';
import { reportFiles } from '../report-files.ts';
import { buildReportModel } from '../report-model.ts';
import { createScrub } from '../report-redaction.ts';
import { renderReportHtml } from './report-html.ts';
import { HTML_CELL_MAX } from './sections.ts';

const HUGE = `Context window exceeded: ${'token '.repeat(1_750_000)}END-OF-MESSAGE`; // ~10.5 MB

const investigation: Investigation = {
  query: {
    from: '2026-03-10T10:00:00.000Z',
    to: '2026-03-10T12:00:00.000Z',
    bucketSeconds: 3600,
    keyAliases: [],
    models: [],
    errorTypes: [],
    statusCodes: [],
    teamAliases: [],
    text: null,
    limit: 100,
  },
  total: 1,
  byModel: [{ model: 'gpt-4o', count: 1 }],
  byErrorType: [{ errorType: 'ContextWindowExceededError', count: 1 }],
  byKeyAlias: [{ keyAlias: 'support-bot', count: 1 }],
  timeline: [{ bucket: '2026-03-10T10:00:00.000Z', count: 1 }],
  timelineByModel: [],
  errors: [
    {
      requestId: 'huge-1',
      time: '2026-03-10T10:30:00.000Z',
      model: 'gpt-4o',
      deployment: null,
      keyAlias: 'support-bot',
      teamAlias: null,
      statusCode: '400',
      errorType: 'ContextWindowExceededError',
      errorMessage: HUGE,
      provider: null,
      apiBase: null,
      durationMs: null,
      totalTokens: null,
      sources: ['spend_logs'],
    },
  ],
  notes: [],
};

const model = () =>
  buildReportModel({
    investigation,
    source: 'postgres://reader@db/litellm',
    request: ReportRequest.parse({ investigationId: 'x', outDir: '/x', options: { timeZone: 'UTC' } }),
    offlineMarkdown: 'offline',
    generatedAt: new Date('2026-03-10T12:05:00Z'),
    scrub: createScrub({ emails: true, ipAddresses: true }, []),
  });

describe('one 10 MB message in a report', () => {
  it('is capped in the HTML page, which stays small and says where the full text is', () => {
    const html = renderReportHtml(model());
    expect(html.length).toBeLessThan(200_000);
    expect(html).toContain('Context window exceeded: token token');
    expect(html).toMatch(/\(\d[\d,]* more characters in the CSV and JSON files\)/);
    expect(html).not.toContain('END-OF-MESSAGE');
    expect(HTML_CELL_MAX).toBeLessThanOrEqual(20_000);
  });

  it('stays whole in the full JSON file', async () => {
    const full = reportFiles(model(), async () => undefined).find((f) => f.base === 'error_logs_full')!;
    let text = '';
    if (typeof full.content !== 'function') throw new Error('expected a streamed JSON file');
    await full.content({ write: async (chunk) => void (text += chunk.toString()) });
    expect(JSON.parse(text)[0].errorMessage).toBe(HUGE);
  });
});
