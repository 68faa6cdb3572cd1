import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiServer, type OpenAiTestServer, type Reply } from '../../test-support/openai-server.ts';
import { testPlatform } from '../../test-support/test-platform.ts';
import { demoScenario } from '../demo/scenario.ts';
import { createEngine, type Engine } from '../engine.ts';
import { ASK_NEEDS_LLM } from '../handlers/ask-handlers.ts';

let engine: Engine;
let server: OpenAiTestServer | null = null;
const incident = demoScenario.incident;

beforeAll(async () => {
  engine = createEngine(testPlatform());
  // Loading the demo snapshot is the slow part: done once here, not inside the first test's time.
  await engine.context.connections.get({ kind: 'demo' });
}, 180_000);

afterEach(async () => {
  await server?.close();
  server = null;
});

afterAll(async () => {
  await engine?.close();
});

async function useServer(replies: Reply[]): Promise<OpenAiTestServer> {
  server = await startOpenAiServer({ replies, models: ['filter-model'] });
  await engine.call('llm.settings.save', {
    settings: { baseUrl: server.baseUrl, model: 'filter-model' },
    scope: 'session',
  });
  return server;
}

const ask = (question: string) =>
  engine.call('ask.filters', { source: { kind: 'demo' }, question, timeZone: 'Europe/Paris' });

describe('questions in plain language (ask.filters)', () => {
  it('without an LLM says that it needs one', async () => {
    await expect(ask('429s on gpt-4o')).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: ASK_NEEDS_LLM,
    });
  });

  it('turns a good tool call into filters, sending the real values and the local time', async () => {
    const s = await useServer([
      {
        kind: 'tool',
        name: 'set_time_range',
        arguments: JSON.stringify({ from: '2026-11-24T14:00:00+01:00' }),
      }, // yesterday 2 pm in Paris, for TEST_NOW
      {
        kind: 'tool',
        name: 'set_filters',
        arguments: JSON.stringify({
          models: [incident.modelGroup],
          keyAliases: ['SUPPORT-BOT'],
          statusCodes: ['429'],
          explanation: '429s on gpt-4o from the support-bot key since yesterday 2 pm',
        }),
      },
    ]);
    const result = await ask('429s on gpt-4o from the support bot key since yesterday 2pm');
    expect(result.filters.models).toEqual([incident.modelGroup]);
    // Same spelling but for case: taken as the real value, not reported.
    expect(result.filters.keyAliases).toEqual([incident.keyAlias]);
    expect(result.filters.statusCodes).toEqual(['429']);
    expect(result.filters.timeRange).toEqual({
      kind: 'absolute',
      from: '2026-11-24T13:00:00.000Z',
      to: expect.any(String),
    });
    expect(result.unmatched).toEqual([]);
    expect(result.explanation).toContain('support-bot');
    expect(result.model).toBe('filter-model');

    const body = s.requests[1]!.json as {
      tools: { function: { name: string; parameters: { properties: Record<string, unknown> } } }[];
      tool_choice: unknown;
      messages: { content: string }[];
    };
    expect(body.tools[0]!.function.name).toBe('set_filters');
    expect(Object.keys(body.tools[0]!.function.parameters.properties)).toEqual(
      expect.arrayContaining(['models', 'statusCodes']),
    );
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'set_filters' } });
    const prompt = body.messages.map((m) => m.content).join('\n');
    // The model chooses from what the data carries.
    for (const value of [
      incident.keyAlias,
      incident.modelGroup,
      incident.deployment,
      'RateLimitError',
      '429',
    ])
      expect(prompt).toContain(value);
    expect(prompt).toContain('(Europe/Paris)');
    expect(JSON.stringify(s.requests[0]!.json)).toContain('Europe/Paris');
  });

  it('names an invented model instead of dropping it, with look-alikes from the data', async () => {
    await useServer([
      { kind: 'tool', name: 'set_time_range', arguments: JSON.stringify({ since: '24h' }) },
      {
        kind: 'tool',
        name: 'set_filters',
        arguments: JSON.stringify({ models: ['gpt-4o-ultra', 'claude-3-5-sonnet'] }),
      },
    ]);
    const result = await ask('errors on gpt-4o-ultra and claude today');
    expect(result.filters.models).toEqual(['gpt-4o-ultra', 'claude-3-5-sonnet']);
    expect(result.filters.timeRange).toEqual({ kind: 'relative', last: '24h' });
    expect(result.unmatched).toHaveLength(1);
    expect(result.unmatched[0]).toMatchObject({ field: 'models', value: 'gpt-4o-ultra' });
    expect(result.unmatched[0]!.closest).toContain('gpt-4o');
  });

  it('refuses a malformed call with a reason, and arguments of the wrong shape naming the field', async () => {
    const noTime = { kind: 'tool', name: 'set_time_range', arguments: '{}' } as const;
    await useServer([
      noTime,
      { kind: 'tool', name: 'set_filters', arguments: '{"models": ["gpt-4o"' },
      noTime,
      { kind: 'tool', name: 'set_filters', arguments: JSON.stringify({ models: 'gpt-4o' }) },
      { kind: 'tool', name: 'set_time_range', arguments: JSON.stringify({ from: 'yesterday at two' }) },
    ]);
    await expect(ask('429s on gpt-4o')).rejects.toMatchObject({
      code: 'LLM_FAILED',
      message: expect.stringMatching(/not JSON/),
    });
    await expect(ask('429s on gpt-4o')).rejects.toMatchObject({
      code: 'LLM_FAILED',
      message: expect.stringMatching(/models: /),
    });
    await expect(ask('429s on gpt-4o')).rejects.toMatchObject({
      code: 'LLM_FAILED',
      message: expect.stringContaining('"yesterday at two"'),
    });
  });

  it('asks again when the connection drops before any answer (a kept-alive socket the server just closed)', async () => {
    const s = await useServer([
      { kind: 'reset' },
      { kind: 'tool', name: 'set_time_range', arguments: '{}' },
      { kind: 'tool', name: 'set_filters', arguments: JSON.stringify({ statusCodes: ['429'] }) },
    ]);
    const result = await ask('429s');
    expect(result.filters.statusCodes).toEqual(['429']);
    expect(s.requests).toHaveLength(3);
  });

  it('passes an unknown model on the endpoint as the endpoint error', async () => {
    server = await startOpenAiServer({
      replies: [{ kind: 'tool', name: 'set_filters', arguments: '{}' }],
      models: ['filter-model'],
    });
    await engine.call('llm.settings.save', {
      settings: { baseUrl: server.baseUrl, model: 'no-such-model' },
      scope: 'session',
    });
    await expect(ask('anything')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
