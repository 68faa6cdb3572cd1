import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EventName } from '../../shared/contract/index.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { litellmDdl } from '../engine/sources/litellm/ddl.ts';
import { nodePlatform } from '../engine/platform/node-platform.ts';
import { HOSTILE_CELLS, HOSTILE_HTML } from '../test-support/hostile-values.ts';
import { destroyPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { sharedTestPostgres } from '../test-support/shared-postgres.ts';
import { startWebServer, type WebServer } from './web-server.ts';

const ROWS = 4_000;
/** What a database hands back and a page must carry unchanged: markup, controls, every script. */
const NASTY = [
  ...HOSTILE_CELLS,
  HOSTILE_HTML,
  '</script><!--',
  '\u0001\u0007\u001b[31mred\u001b[0m\u007f',
  'line\u2028separator\u2029paragraph',
  '😀 emoji 𝄞 and ✓',
  'Zürich · Ελληνικά · العربية · 中文',
  '\\ "quoted" \\u0041 not an escape',
];
const RANGE = { from: '2026-03-10T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' };

let db: TestPostgres;
let engine: Engine;
let server: WebServer;

beforeAll(async () => {
  db = sharedTestPostgres();
  await db.createDatabase('big');
  const client = new pg.Client({ connectionString: db.url('big') });
  await client.connect();
  for (const statement of litellmDdl().split(';\n')) await client.query(statement);
  // Failed calls with long messages (≈2 KB each), every nasty value among them.
  await client.query(
    `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model, model_group, status, metadata)
     SELECT 'req-' || i, ts, ts + interval '1 second', 'gpt-4o', 'gpt-4o', 'failure',
            jsonb_build_object('user_api_key_alias', ($2::text[])[1 + i % cardinality($2::text[])],
              'error_information', jsonb_build_object('error_class', 'RateLimitError', 'error_code', '429',
                'error_message', ($2::text[])[1 + i % cardinality($2::text[])] || ' ' || repeat('rate limited · ', 120) || i))
       FROM generate_series(1, $1::int) i,
            LATERAL (SELECT timestamp '2026-03-10 00:00:00' + i * interval '20 second' AS ts) t`,
    [ROWS, NASTY],
  );
  await client.end();
  const home = mkdtempSync(join(tmpdir(), 'logdesk-web-large-'));
  const rendererDir = join(home, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Logdesk</title>');
  engine = createEngine(nodePlatform({ LOGDESK_HOME: home }, { prompt: false }));
  server = await startWebServer({ engine, rendererDir });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await engine?.close();
  if (db) await destroyPostgres(db);
});

const args = () => ({
  source: { kind: 'url', url: db.url('big') },
  filters: { timeRange: { kind: 'absolute', ...RANGE }, limit: 100_000 },
});

/** The raw bytes of a call's answer (Buffers kept apart until the end: no character split in two). */
function post(
  name: string,
  body: unknown,
): Promise<{ status: number; headers: Record<string, unknown>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/call',
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ name, args: body }));
  });
}

const originalWrite = ServerResponse.prototype.write;
const originalEnd = ServerResponse.prototype.end;

/** The largest single write the server makes to a response while `work` runs. */
async function largestWrite<T>(work: () => Promise<T>): Promise<{ value: T; largest: number }> {
  let largest = 0;
  const measure = (chunk: unknown) => {
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk))
      largest = Math.max(largest, Buffer.byteLength(chunk));
  };
  const write = vi.spyOn(ServerResponse.prototype, 'write').mockImplementation(function (
    this: ServerResponse,
    ...a: unknown[]
  ) {
    measure(a[0]);
    return Reflect.apply(originalWrite, this, a) as boolean;
  });
  const end = vi.spyOn(ServerResponse.prototype, 'end').mockImplementation(function (
    this: ServerResponse,
    ...a: unknown[]
  ) {
    measure(a[0]);
    return Reflect.apply(originalEnd, this, a) as ServerResponse;
  });
  try {
    return { value: await work(), largest };
  } finally {
    write.mockRestore();
    end.mockRestore();
  }
}

describe('web mode with a large investigation', () => {
  it('sends the whole answer, byte for byte what the engine holds, in pieces none of which is the whole', async () => {
    const { value: reply, largest } = await largestWrite(() => post('investigation.run', args()));
    expect(reply.status).toBe(200);
    const text = reply.bytes.toString('utf8');
    const envelope = JSON.parse(text) as {
      ok: true;
      result: { id: string; errors: { errorMessage: string }[]; total: number };
    };
    expect(envelope.result.total).toBe(ROWS);
    expect(envelope.result.errors).toHaveLength(ROWS);
    const held = engine.context.results.get(envelope.result.id);
    expect(reply.bytes.equals(Buffer.from(JSON.stringify({ ok: true, result: held }), 'utf8'))).toBe(true);
    for (const value of NASTY)
      expect(envelope.result.errors.some((e) => e.errorMessage.startsWith(`${value} rate`))).toBe(true);
    expect(reply.bytes.length).toBeGreaterThan(8_000_000);
    // The old server wrote the answer as one string: the whole body in a single write.
    expect(largest).toBeLessThan(256 * 1024);
  });

  it('sends a large job result on the event stream whole, in order with the events around it', async () => {
    const seen: { name: EventName; text: string }[] = [];
    const off = engine.listen((name, payload) =>
      seen.push({ name, text: JSON.stringify({ name, payload }) }),
    );
    const stream = await new Promise<{ lines: () => string; close: () => void }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/api/events',
          headers: { authorization: `Bearer ${server.token}` },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          resolve({ lines: () => Buffer.concat(chunks).toString('utf8'), close: () => req.destroy() });
        },
      );
      req.on('error', reject);
      req.end();
    });
    try {
      const { value: jobId, largest } = await largestWrite(async () => {
        const started = await post('investigation.start', args());
        const id = (JSON.parse(started.bytes.toString('utf8')) as { result: { jobId: string } }).result.jobId;
        await vi.waitFor(
          () => expect(stream.lines()).toContain(`"name":"job.finished","payload":{"jobId":"${id}"`),
          {
            timeout: 60_000,
            interval: 100,
          },
        );
        // The last event's end: its pieces may still be on their way (vi.waitFor gives up after 1 s by default).
        await vi.waitFor(() => expect(stream.lines().endsWith('\n\n')).toBe(true), {
          timeout: 60_000,
          interval: 50,
        });
        return id;
      });
      expect(largest).toBeLessThan(256 * 1024);
      const events = stream
        .lines()
        .split('\n\n')
        .filter((block) => block.startsWith('data: '))
        .map((block) => block.slice('data: '.length));
      const ours = seen.filter((e) => e.text.includes(jobId)).map((e) => e.text);
      expect(events.filter((e) => e.includes(jobId))).toEqual(ours);
      const finished = JSON.parse(ours.at(-1)!) as { payload: { result: { errors: unknown[] } } };
      expect(finished.payload.result.errors).toHaveLength(ROWS);
    } finally {
      off();
      stream.close();
    }
  }, 90_000);
});
