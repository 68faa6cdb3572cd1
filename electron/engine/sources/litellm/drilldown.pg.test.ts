import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../../shared/connection.ts';
import { createEngine, type Engine } from '../../engine.ts';
import { nodePlatform } from '../../platform/node-platform.ts';
import { destroyPostgres, type TestPostgres } from '../../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../../test-support/shared-postgres.ts';
import { ATTEMPT_IDS, HOSTILE_ALIAS, loadFixture, RANGE } from '../../../test-support/litellm-fixture.ts';

let server: TestPostgres;
let engine: Engine;
let source: Source;
const range = { kind: 'absolute' as const, ...RANGE };

beforeAll(async () => {
  server = sharedTestPostgres();
  await server.createDatabase('gateway');
  const client = new pg.Client({ connectionString: server.url('gateway') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  // A request whose stored kwargs carry credentials, as LiteLLM writes them when a caller passes its own key.
  await client.query(
    `INSERT INTO "LiteLLM_ErrorLogs" (request_id, "startTime", "endTime", model_group, request_kwargs, exception_type, exception_string, status_code)
     VALUES ('leaky-1', '2026-03-10 11:40:00', '2026-03-10 11:40:01', 'gpt-4o', $1::jsonb, 'AuthenticationError',
             'Incorrect API key provided: sk-proj-abcdefghijklmnop1234', '401')`,
    [
      JSON.stringify({
        model: 'gpt-4o',
        api_key: 'sk-live-should-not-leak',
        headers: { Authorization: 'Bearer abcdefghijklmnopqrstuvwxyz', 'x-request-id': 'r-1' },
        metadata: { user_api_key_alias: 'alpha', contact: 'ops@acme.example' },
        max_tokens: 512,
      }),
    ],
  );
  await client.end();
  const home = mkdtempSync(join(tmpdir(), 'logdesk-home-'));
  engine = createEngine(nodePlatform({ LOGDESK_HOME: home }));
  source = { kind: 'url', url: server.url('gateway') };
});

afterAll(async () => {
  await engine?.close();
  if (server) await destroyPostgres(server);
});

describe('investigation.values', () => {
  it('lists the key aliases of the errors in range, most frequent first', async () => {
    const { values } = await engine.call('investigation.values', {
      source,
      field: 'keyAlias',
      timeRange: range,
    });
    expect(values).toEqual([
      { value: 'alpha', count: 2 },
      { value: HOSTILE_ALIAS, count: 1 },
      { value: "o'brien", count: 1 },
      { value: 'vt-alias', count: 1 },
      { value: 'équipe-données', count: 1 },
    ]);
  });

  it('offers public model names and deployments, and narrows by a case-insensitive search', async () => {
    const all = await engine.call('investigation.values', { source, field: 'model', timeRange: range });
    const names = all.values.map((v) => v.value);
    expect(names).toEqual(
      expect.arrayContaining(['gpt-4o', 'claude-3-5-sonnet', 'azure/gpt-4o-eu', 'openai/gpt-4o-mini']),
    );
    // The failed requests edge-from, hostile-1, empty-status and twin-1 (issue 19: leaky-1 and the
    // attempts of success-twin are failed attempts, not errors).
    expect(all.values[0]).toEqual({ value: 'gpt-4o', count: 4 });
    const searched = await engine.call('investigation.values', {
      source,
      field: 'model',
      timeRange: range,
      search: 'CLAUDE',
    });
    expect(searched.values.map((v) => v.value).sort()).toEqual(['claude-3-5-sonnet']);
  });

  it('lists the error types of the failed requests and nothing outside the range', async () => {
    const types = await engine.call('investigation.values', { source, field: 'errorType', timeRange: range });
    expect(types.values.map((v) => v.value).sort()).toEqual([
      'BadRequestError',
      'InternalServerError',
      'RateLimitError',
      'Timeout',
    ]);
    const before = await engine.call('investigation.values', {
      source,
      field: 'keyAlias',
      timeRange: { kind: 'absolute', from: '2026-03-09T00:00:00Z', to: '2026-03-10T09:00:00Z' },
    });
    expect(before.values).toEqual([]);
  });

  it('refuses an unknown field with a reason naming it', async () => {
    await expect(
      engine.call('investigation.values', { source, field: 'password' as 'model', timeRange: range }),
    ).rejects.toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringMatching(/field/) });
  });
});

describe('investigation.errorDetail', () => {
  it('returns every column of the request, times in UTC, and its failed attempts matched by time', async () => {
    const d = await engine.call('investigation.errorDetail', { source, requestId: 'twin-1' });
    expect(d.spendLogs).toMatchObject({
      request_id: 'twin-1',
      model: 'azure/gpt-4o-eu',
      startTime: '2026-03-10T10:31:00Z',
    });
    expect(Object.keys(d.spendLogs!)).toEqual(
      expect.arrayContaining(['messages', 'response', 'proxy_server_request', 'status']),
    );
    expect((d.spendLogs!.metadata as Record<string, unknown>).user_api_key_alias).toBe("o'brien");
    // No ErrorLogs row carries a SpendLogs id (issue 19); the attempt of the same model group that
    // started within the request's time is listed, without its request kwargs.
    expect(d.errorLogs).toBeNull();
    expect(d.matchedAttempts).toEqual([
      expect.objectContaining({
        request_id: ATTEMPT_IDS.ofTwin,
        exception_type: 'RateLimitError',
        status_code: '429',
        startTime: '2026-03-10T10:31:00Z',
      }),
    ]);
    expect(d.matchedAttempts[0]).not.toHaveProperty('request_kwargs');
  });

  it('names the virtual key through VerificationToken and hides the key hash', async () => {
    const d = await engine.call('investigation.errorDetail', { source, requestId: 'via-token' });
    expect(d.tokenKeyAlias).toBe('vt-alias');
    expect(d.spendLogs!.api_key).toBe('[REDACTED]');
    expect(d.errorLogs).toBeNull();
  });

  it('redacts credentials in request kwargs and messages but keeps the rest readable', async () => {
    const d = await engine.call('investigation.errorDetail', { source, requestId: 'leaky-1' });
    const text = JSON.stringify(d);
    expect(text).not.toContain('sk-live-should-not-leak');
    expect(text).not.toContain('abcdefghijklmnopqrstuvwxyz');
    expect(text).not.toContain('sk-proj-abcdefghijklmnop1234');
    const kwargs = d.errorLogs!.request_kwargs as Record<string, Record<string, unknown>>;
    expect(kwargs.headers).toEqual({ Authorization: '[REDACTED]', 'x-request-id': 'r-1' });
    expect(kwargs.metadata).toEqual({ user_api_key_alias: 'alpha', contact: 'ops@acme.example' });
    expect((kwargs as Record<string, unknown>).max_tokens).toBe(512);
  });

  it('says which request was not found', async () => {
    await expect(
      engine.call('investigation.errorDetail', { source, requestId: 'nope' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('"nope"'),
    });
  });
});
