import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { LlmSettings } from '../../../shared/llm-settings.ts';
import { startOpenAiServer, type OpenAiTestServer, type Reply } from '../../test-support/openai-server.ts';
import { z } from 'zod';
import { streamChat, testChat } from './llm-client.ts';
import { callTool } from './tool-call.ts';

/** The fault suite's LLM streams: cut, stalled, garbage. Each a clear error; the next ask succeeds. */
const servers: OpenAiTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const GOOD: Reply = { kind: 'stream', chunks: ['## Recovered\n', 'all fine.'] };

async function ask(server: OpenAiTestServer) {
  const settings = LlmSettings.parse({ baseUrl: server.baseUrl, model: 'gpt-4o', timeoutSeconds: 5 });
  const deltas: string[] = [];
  const statuses: string[] = [];
  const outcome = await streamChat(
    { settings, apiKey: 'sk-fault-0000' },
    { system: 's', user: 'u' },
    {
      signal: new AbortController().signal,
      onDelta: (t) => deltas.push(t),
      onStatus: (m) => statuses.push(m),
    },
  ).then(
    (o) => o,
    (e: unknown) => e as AppError,
  );
  return { outcome, deltas, statuses };
}

async function faultThenRecovery(fault: Reply) {
  const server = await startOpenAiServer({ replies: [fault, GOOD] });
  servers.push(server);
  const failed = await ask(server);
  const recovered = await ask(server);
  expect(recovered.outcome).toMatchObject({ text: '## Recovered\nall fine.' });
  return { failed, server };
}

describe('LLM stream faults', () => {
  it('a stream that stalls after its first token fails with "no data for N s", never as an answer', async () => {
    const { failed } = await faultThenRecovery({
      kind: 'stream',
      chunks: ['Starting...', 'more'],
      after: { chunks: 1, then: 'stall' },
    });
    expect(failed.outcome).toBeInstanceOf(AppError);
    expect(failed.outcome).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/^No data from the LLM for 5 s: the answer is incomplete/),
    });
    expect(failed.deltas).toEqual(['Starting...']);
  }, 30_000);

  it('a stream cut mid-answer says the connection dropped mid-answer and is not retried (no text repeated)', async () => {
    const { failed, server } = await faultThenRecovery({
      kind: 'stream',
      chunks: ['Half ', 'an answer'],
      delayMs: 100,
      after: { chunks: 1, then: 'cut' },
    });
    expect(failed.outcome).toMatchObject({
      code: 'CONNECTION_FAILED',
      message: expect.stringMatching(/dropped mid-answer/),
    });
    expect(server.requests).toHaveLength(2);
  }, 30_000);

  it.each([
    ['a broken event', 'text/event-stream', 'data: {not json\n\n'],
    ['an HTML page', 'text/html', '<html><body>502 Bad Gateway</body></html>'],
  ])(
    '%s is a malformed answer, not retried as "cannot reach"',
    async (_label, contentType, body) => {
      const { failed, server } = await faultThenRecovery({ kind: 'garbage', contentType, body });
      expect(failed.outcome).toMatchObject({
        code: 'LLM_FAILED',
        message: expect.stringMatching(
          /sent a malformed answer, not an OpenAI-compatible chat completion stream/,
        ),
      });
      expect((failed.outcome as AppError).message).not.toMatch(/Cannot reach/);
      expect(failed.statuses).toEqual([]);
      expect(server.requests).toHaveLength(2);
    },
    30_000,
  );

  // Issue 18, defect 10: a 200 that is a web page was "Cannot reach the LLM endpoint" with a TypeError as detail.
  it.each([
    ['an HTML page', 'text/html; charset=utf-8', '<!doctype html><html><body>Sign in</body></html>'],
    ['JSON that is no completion', 'application/json', '{"status":"ok"}'],
  ])(
    'a 200 with %s says the endpoint answered, but not like an OpenAI-compatible API (llm.test and tool calls)',
    async (_label, contentType, body) => {
      const server = await startOpenAiServer({ replies: [{ kind: 'garbage', contentType, body }] });
      servers.push(server);
      const endpoint = {
        settings: LlmSettings.parse({ baseUrl: server.baseUrl, model: 'gpt-4o' }),
        apiKey: undefined,
      };
      const tested = await testChat(endpoint).then(
        () => null,
        (e: unknown) => e as AppError,
      );
      const called = await callTool(endpoint, {
        system: 's',
        user: 'u',
        name: 'f',
        description: 'd',
        schema: z.object({}),
      }).then(
        () => null,
        (e: unknown) => e as AppError,
      );
      for (const failed of [tested, called]) {
        expect(failed).toBeInstanceOf(AppError);
        expect(failed).toMatchObject({
          code: 'LLM_FAILED',
          message: `The LLM endpoint ${server.baseUrl} answered (HTTP 200, ${contentType}) but not like an OpenAI-compatible API: check that the base URL is the API's (usually ending in /v1), not a web page`,
        });
        expect(`${failed!.message} ${failed!.detail ?? ''}`).not.toMatch(
          /Cannot reach|Cannot read properties/,
        );
      }
    },
  );
});
