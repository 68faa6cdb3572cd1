import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorPattern } from '../../../shared/analysis.ts';
import { LlmSettings, PromptRedaction } from '../../../shared/llm-settings.ts';
import { startOpenAiServer, type OpenAiTestServer } from '../../test-support/openai-server.ts';
import { categorizePattern } from '../insights/taxonomy.ts';
import { categorizeUnknown } from './categorize.ts';

let server: OpenAiTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function pattern(id: string, message: string, errorType = 'MysteryError'): ErrorPattern {
  return categorizePattern({
    id,
    template: message,
    count: 10,
    share: 0.1,
    firstSeen: 't',
    lastSeen: 't',
    models: [],
    keyAliases: [],
    errorTypes: [],
    series: [],
    previousCount: null,
    change: null,
    example: {
      requestId: `r-${id}`,
      time: 't',
      model: null,
      keyAlias: null,
      errorType,
      statusCode: null,
      message,
    },
  });
}

describe('LLM naming of patterns the rules leave unknown', () => {
  it('asks only about unknown patterns (redacted) and takes the answers for the ids it asked about', async () => {
    const known = pattern('k1', 'Request timed out.');
    const odd = pattern('u1', 'Flux capacitor desynchronised for ops@corp.example');
    const odder = pattern('u2', 'Quantum foam in the pipeline');
    expect([known.category, odd.category, odder.category]).toEqual(['timeout', 'unknown', 'unknown']);
    server = await startOpenAiServer({
      replies: [
        {
          kind: 'tool',
          name: 'name_patterns',
          arguments: JSON.stringify({
            patterns: [
              {
                id: 'u1',
                category: 'provider_outage',
                reason: 'A provider-side component failed',
                check: 'The provider status page',
              },
              { id: 'u2', category: 'unknown', reason: 'No idea', check: 'Everything' },
              { id: 'k1', category: 'auth', reason: 'Not asked about', check: '-' },
              { id: 'invented', category: 'quota', reason: 'Not a pattern', check: '-' },
            ],
          }),
        },
      ],
    });
    const endpoint = {
      settings: LlmSettings.parse({ baseUrl: server.baseUrl, model: 'm' }),
      apiKey: undefined,
    };
    const { patterns, named } = await categorizeUnknown(
      endpoint,
      [known, odd, odder],
      PromptRedaction.parse({}),
    );
    expect(named).toBe(1);
    expect(patterns.map((p) => [p.id, p.category, p.categorySource])).toEqual([
      ['k1', 'timeout', 'rules'],
      ['u1', 'provider_outage', 'llm'],
      ['u2', 'unknown', 'none'],
    ]);
    expect(patterns[1]!.categoryReason).toBe('A provider-side component failed');
    const body = server.requests[0]!.body;
    expect(body).toContain('id=u1');
    expect(body).not.toContain('id=k1');
    expect(body).not.toContain('ops@corp.example');
  });

  it('sends nothing when every pattern is named', async () => {
    const endpoint = {
      settings: LlmSettings.parse({ baseUrl: 'http://127.0.0.1:9/v1', model: 'm' }),
      apiKey: undefined,
    };
    const result = await categorizeUnknown(
      endpoint,
      [pattern('k1', 'Request timed out.')],
      PromptRedaction.parse({}),
    );
    expect(result.named).toBe(0);
  });
});
