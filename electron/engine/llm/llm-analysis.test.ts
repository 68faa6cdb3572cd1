import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finishedResult } from '../../../shared/contract/job-results.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LlmSettingsInput } from '../../../shared/llm-settings.ts';
import { runJob } from '../../cli/await-job.ts';
import { startOpenAiServer, type OpenAiTestServer, type Reply } from '../../test-support/openai-server.ts';
import { TEST_NOW } from '../../test-support/test-clock.ts';
import { testPlatform, type TestPlatform } from '../../test-support/test-platform.ts';
import { SHIFTED_SCHEMA } from '../demo/shift-views.ts';
import { PgliteDatabase } from '../db/pglite-database.ts';
import { ReleasableDatabase } from '../db/releasable-database.ts';
import { createEngine, type Engine } from '../engine.ts';

let engine: Engine;
let platform: TestPlatform;
let investigationId: string;
const servers: OpenAiTestServer[] = [];
const HOUR = 3_600_000;
const RANGE = {
  kind: 'absolute' as const,
  from: new Date(TEST_NOW - 24 * HOUR).toISOString(),
  to: new Date(TEST_NOW + 60_000).toISOString(),
};

/** Secrets planted in error messages the LLM would otherwise see: none may reach a request body. */
const SECRETS = Array.from({ length: 25 }, (_, i) => ({
  requestId: `secret-req-${i}`,
  apiKey: `sk-live-${randomBytes(12).toString('hex')}`,
  bearer: `tok${randomBytes(16).toString('hex')}`,
  email: `ops.person${i}@corp-secret.example`,
  ip: `198.51.100.${i + 10}`,
}));

async function plantSecrets(db: PgliteDatabase): Promise<void> {
  for (const [i, s] of SECRETS.entries()) {
    const at = new Date(TEST_NOW - (2 * HOUR + i * 60_000)).toISOString().replace('T', ' ').replace('Z', '');
    const message = `litellm.AuthenticationError: OpenAIException - Incorrect API key provided: ${s.apiKey}. Caller ${s.email} from ${s.ip} sent Authorization: Bearer ${s.bearer}`;
    // The demo's LiteLLM_SpendLogs is a view adding the snapshot's shift to the stored rows (demo/shift-views.ts):
    // a row goes into the table behind it, as much earlier as the view moves it later.
    await db.exec(
      `INSERT INTO ${SHIFTED_SCHEMA}."LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model, model_group, status, metadata)
       SELECT $1, $2::timestamp - shift, $2::timestamp - shift, 'openai/secret-model', 'secret-model', 'failure', $3::jsonb
         FROM (SELECT v."startTime" - t."startTime" AS shift
                 FROM public."LiteLLM_SpendLogs" v JOIN ${SHIFTED_SCHEMA}."LiteLLM_SpendLogs" t USING (request_id) LIMIT 1) s`,
      [
        s.requestId,
        at,
        JSON.stringify({
          user_api_key_alias: 'secret-holder',
          error_information: {
            error_class: 'AuthenticationError',
            error_code: '401',
            error_message: message,
          },
        }),
      ],
    );
  }
}

beforeAll(async () => {
  platform = testPlatform();
  engine = createEngine(platform);
  const { database } = await engine.context.connections.get({ kind: 'demo' });
  const db = database instanceof ReleasableDatabase ? await database.opened() : database;
  if (!(db instanceof PgliteDatabase)) throw new Error('expected the PGlite demo database');
  await plantSecrets(db);
  investigationId = (
    await engine.call('investigation.run', {
      source: { kind: 'demo' },
      filters: { timeRange: RANGE, limit: 300 },
    })
  ).id;
});

afterAll(async () => {
  await engine?.close();
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(
  replies: Reply[],
  extra: { apiKey?: string; models?: string[]; port?: number } = {},
): Promise<OpenAiTestServer> {
  const server = await startOpenAiServer({ replies, ...extra });
  servers.push(server);
  return server;
}

async function configure(
  server: OpenAiTestServer,
  settings: Partial<LlmSettingsInput> = {},
  apiKey = 'sk-test-key-000000',
) {
  await engine.call('llm.settings.save', {
    settings: { baseUrl: server.baseUrl, model: 'gpt-4o', ...settings },
    apiKey,
  });
}

function analyse(force = false, onFirstDelta?: (jobId: string) => void) {
  const deltas: string[] = [];
  const statuses: string[] = [];
  let jobId = '';
  const finished = runJob(
    engine,
    async () => {
      const started = await engine.call('analysis.start', { investigationId, force });
      jobId = started.jobId;
      return started;
    },
    {
      onDelta: (text) => {
        if (deltas.length === 0) onFirstDelta?.(jobId);
        deltas.push(text);
      },
      onStatus: (message) => statuses.push(message),
    },
  );
  return { deltas, statuses, finished };
}

const CHUNKS = ['## Summary\n', 'Azure rate-limits ', 'gpt-4o for ', 'support-bot ', '(P1).\n'];

describe('LLM analysis against a local OpenAI-compatible server', () => {
  it('streams: the first chunk reaches the consumer before the server has finished', async () => {
    const server = await serve([
      { kind: 'stream', chunks: CHUNKS, delayMs: 150, usage: { prompt: 1234, completion: 56 } },
    ]);
    await configure(server);
    let serverStateAtFirstDelta: { finished: boolean; chunksSent: number } | null = null;
    const run = analyse(true, () => {
      const request = server.requests.at(-1)!;
      serverStateAtFirstDelta = { finished: request.finished, chunksSent: request.chunksSent };
    });
    const done = await run.finished;
    expect(done.status).toBe('done');
    expect(serverStateAtFirstDelta).not.toBeNull();
    expect(serverStateAtFirstDelta!.finished).toBe(false);
    expect(serverStateAtFirstDelta!.chunksSent).toBeLessThan(CHUNKS.length);
    expect(run.deltas).toEqual(CHUNKS);
    const result = finishedResult(done, 'analysis');
    expect(result).toMatchObject({
      markdown: CHUNKS.join(''),
      model: 'gpt-4o',
      cached: false,
      offline: false,
      currency: 'USD',
    });
    expect(result.usage).toEqual({ promptTokens: 1234, completionTokens: 56, estimated: false });
    expect(result.estimatedCost).toBeCloseTo((1234 * 2.5 + 56 * 10) / 1e6, 9);
    // The request asked for a stream, with the structured sections, and carried the key as a bearer token.
    const sent = server.requests[0]!;
    expect(sent.json).toMatchObject({
      model: 'gpt-4o',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(sent.body).toContain('Most likely root causes');
    expect(sent.headers.authorization).toBe('Bearer sk-test-key-000000');
  });

  it('flags a cited pattern or request id that is not in the data, and only those', async () => {
    const real = SECRETS[0]!.requestId;
    const server = await serve([
      {
        kind: 'stream',
        chunks: [
          `## Summary\nSee P1 and P97, request_id=${real} and request_id=chatcmpl-invented-0000777.\n`,
        ],
      },
    ]);
    await configure(server);
    const run = analyse(true);
    const done = await run.finished;
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    const result = finishedResult(done, 'analysis');
    expect(result.markdown).toMatch(/Citation check:.*P97 \(the data has P1–P\d+\)/);
    expect(result.markdown).toContain('`chatcmpl-invented-0000777` (in no table of the source)');
    const note = result.markdown.slice(result.markdown.indexOf('Citation check'));
    expect(note).not.toContain(real);
    expect(note).toMatch(/pattern P97 \(/);
    // The note streams like the rest of the answer.
    expect(run.deltas.join('')).toBe(result.markdown);
  });

  it('serves the same query over the same data from the cache unless forced', async () => {
    const server = await serve([
      { kind: 'stream', chunks: ['first answer'] },
      { kind: 'stream', chunks: ['second answer'] },
    ]);
    await configure(server);
    const first = finishedResult(await analyse(true).finished, 'analysis');
    expect(first.markdown).toBe('first answer');
    // A new investigation with the same filters over the same data: no new request.
    investigationId = (
      await engine.call('investigation.run', {
        source: { kind: 'demo' },
        filters: { timeRange: RANGE, limit: 300 },
      })
    ).id;
    const again = analyse();
    const cached = finishedResult(await again.finished, 'analysis');
    expect(cached).toMatchObject({ markdown: 'first answer', cached: true, investigationId });
    expect(again.deltas.join('')).toBe('first answer');
    expect(server.requests).toHaveLength(1);
    const forced = finishedResult(await analyse(true).finished, 'analysis');
    expect(forced).toMatchObject({ markdown: 'second answer', cached: false });
    expect(server.requests).toHaveLength(2);
    expect((await engine.call('analysis.latest', { investigationId })).analysis?.markdown).toBe(
      'second answer',
    );
  });

  it('a new test server on a port an earlier one used is a new endpoint: no earlier cached answer', async () => {
    // The analysis cache is keyed by base URL and lives in the run's shared cache folder; the OS
    // hands freed ports out again, so a server on a reused port must not read another test's answer.
    const earlier = await serve([{ kind: 'stream', chunks: ['an earlier test server answered'] }]);
    await configure(earlier);
    expect(finishedResult(await analyse(true).finished, 'analysis').markdown).toBe(
      'an earlier test server answered',
    );
    const port = Number(new URL(earlier.baseUrl).port);
    await earlier.close();
    const later = await serve([{ kind: 'stream', chunks: ['never'] }], {
      apiKey: 'sk-the-right-key-123',
      port,
    });
    await configure(later, {}, 'sk-a-wrong-key-456');
    const denied = await analyse().finished;
    expect(denied.error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(later.requests).toHaveLength(1);
  });

  it('cancel aborts the HTTP request: the server sees the connection close', async () => {
    const chunks = Array.from({ length: 30 }, (_, i) => `part ${i} `);
    const server = await serve([{ kind: 'stream', chunks, delayMs: 200 }]);
    await configure(server);
    const run = analyse(true, (jobId) => void engine.call('job.cancel', { jobId }));
    const done = await run.finished;
    expect(done.status).toBe('cancelled');
    const request = server.requests[0]!;
    await request.closed;
    expect(request.closedEarly).toBe(true);
    expect(request.chunksSent).toBeLessThan(chunks.length);
  });

  it('retries a 429 with backoff, says so, then succeeds', async () => {
    const server = await serve([
      {
        kind: 'error',
        status: 429,
        message: 'Rate limit reached for gpt-4o',
        headers: { 'retry-after-ms': '50' },
      },
      { kind: 'stream', chunks: ['recovered'] },
    ]);
    await configure(server);
    const run = analyse(true);
    const done = await run.finished;
    expect(done.status).toBe('done');
    expect(finishedResult(done, 'analysis').markdown).toBe('recovered');
    expect(server.requests).toHaveLength(2);
    expect(run.statuses.some((s) => /429/.test(s) && /retrying in 50 ms \(attempt 2 of 4\)/.test(s))).toBe(
      true,
    );
  });

  it('retries a stream that stays silent past the timeout, and the silent request is aborted', async () => {
    const server = await serve([
      { kind: 'stream', chunks: ['too late'], delayMs: 8_000 },
      { kind: 'stream', chunks: ['in time'] },
    ]);
    await configure(server, { timeoutSeconds: 5 });
    const run = analyse(true);
    const done = await run.finished;
    expect(finishedResult(done, 'analysis').markdown).toBe('in time');
    expect(
      run.statuses.some((s) => /did not answer in time; retrying in .* \(attempt 2 of 4\)/.test(s)),
    ).toBe(true);
    await server.requests[0]!.closed;
    expect(server.requests[0]!.closedEarly).toBe(true);
  });

  it('a 401 fails at once with a clear message; an unknown model says so', async () => {
    const server = await serve([{ kind: 'stream', chunks: ['never'] }], {
      apiKey: 'sk-the-right-key-123',
      models: ['gpt-4o'],
    });
    await configure(server, {}, 'sk-a-wrong-key-456');
    const denied = await analyse(true).finished;
    expect(denied.status).toBe('failed');
    expect(denied.error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(denied.error!.message).toMatch(/rejected the API key \(HTTP 401 Unauthorized\)/);
    expect(server.requests).toHaveLength(1);

    await configure(server, { model: 'gpt-does-not-exist' }, 'sk-the-right-key-123');
    const unknown = await analyse(true).finished;
    expect(unknown.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(unknown.error!.message).toMatch(/Unknown model "gpt-does-not-exist"/);
    await expect(engine.call('llm.test', {})).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('no planted secret reaches any request body; switching a redaction off lets that kind through', async () => {
    const server = await serve([{ kind: 'stream', chunks: ['ok'] }]);
    await configure(server);
    expect((await analyse(true).finished).status).toBe('done');
    const inv = await engine.call('investigation.run', {
      source: { kind: 'demo' },
      filters: { timeRange: RANGE, limit: 1000 },
    });
    const demoKeys = inv.errors.flatMap((e) => e.errorMessage?.match(/sk-[\w*-]{6,}/g) ?? []);
    expect(demoKeys.length).toBeGreaterThan(0);
    const body = server.requests[0]!.body;
    // The planted errors were part of the prompt (as a pattern and as samples)…
    expect(body).toMatch(/secret-req-\d+/);
    expect(body).toContain('[REDACTED_KEY]');
    // …without any of their secrets.
    for (const s of SECRETS)
      for (const secret of [s.apiKey, s.bearer, s.email, s.ip]) expect(body).not.toContain(secret);
    for (const key of demoKeys) expect(body).not.toContain(key);

    await configure(server, { redaction: { emails: false } });
    expect((await analyse(true).finished).status).toBe('done');
    const second = server.requests[1]!.body;
    expect(SECRETS.some((s) => second.includes(s.email))).toBe(true);
    for (const s of SECRETS) expect(second).not.toContain(s.apiKey);
  });

  it('keeps the API key out of the settings file and the log; llm.test answers', async () => {
    const server = await serve([{ kind: 'stream', chunks: ['OK'] }]);
    await configure(server, {}, 'sk-never-on-disk-987654');
    const view = await engine.call('llm.settings.get', {});
    expect(view).toMatchObject({ apiKeySet: true, configured: true, scope: 'saved', model: 'gpt-4o' });
    expect(JSON.stringify(view)).not.toContain('sk-never-on-disk-987654');
    for (const name of readdirSync(platform.dataDir, { recursive: true, encoding: 'utf8' })) {
      if (name.endsWith('.json'))
        expect(readFileSync(join(platform.dataDir, name), 'utf8')).not.toContain('sk-never-on-disk');
    }
    expect(JSON.stringify(platform.lines)).not.toContain('sk-never-on-disk');
    await expect(engine.call('llm.test', {})).resolves.toMatchObject({ model: 'gpt-4o', reply: 'OK' });
  });

  it('prices with the table the user edits, kept in the data folder; rejects bad settings naming the field', async () => {
    const server = await serve([
      { kind: 'stream', chunks: ['priced'], usage: { prompt: 2_000_000, completion: 1_000_000 } },
    ]);
    await configure(server);
    const table = {
      currency: 'EUR' as const,
      models: [{ model: 'gpt-4o', inputPerMillion: 1, outputPerMillion: 3 }],
    };
    await engine.call('llm.prices.save', { prices: table });
    expect(await engine.call('llm.prices.get', {})).toEqual(table);
    expect(JSON.parse(readFileSync(join(platform.dataDir, 'llm-prices.json'), 'utf8'))).toEqual(table);
    const result = finishedResult(await analyse(true).finished, 'analysis');
    expect(result).toMatchObject({ estimatedCost: 5, currency: 'EUR' });

    await expect(
      engine.call('llm.prices.save', {
        prices: { models: [{ model: 'x', inputPerMillion: -1, outputPerMillion: 0 }] },
      }),
    ).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: expect.stringMatching(/prices\.models\.0\.inputPerMillion: must be 0 or more/),
    });
    await expect(
      engine.call('llm.settings.save', { settings: { baseUrl: 'ftp://example.com', model: 'm' } }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/settings\.baseUrl: expected an http\(s\) URL/),
    });
  });
});
