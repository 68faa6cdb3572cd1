import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine/engine.ts';
import { nodePlatform } from '../engine/platform/node-platform.ts';
import { startWebServer, type WebServer } from './web-server.ts';

/** Issue #18 (6, 4): what the real web server answers to a broken cookie, a user's mistake, a stored password. */
let engine: Engine;
let server: WebServer;
let home: string;

interface Reply {
  status: number;
  body: string;
}

function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const callApi = (name: string, args: unknown) =>
  send('/api/call', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify({ name, args }),
  });

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'logdesk-web-safety-'));
  const rendererDir = join(home, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Logdesk</title>');
  engine = createEngine(nodePlatform({ LOGDESK_HOME: home }));
  server = await startWebServer({ engine, rendererDir });
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('a malformed cookie is refused, not a crash', () => {
  it.each(['%E0%A4%A', '%', '%%', '%ZZ'])('logdesk_PORT=%s answers 403', async (value) => {
    for (const path of ['/', '/api/events']) {
      const reply = await send(path, { headers: { cookie: `other=1; logdesk_${server.port}=${value}` } });
      expect(reply.status, path).toBe(403);
      expect(reply.body).toMatch(/Forbidden/);
    }
    const call = await send('/api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `logdesk_${server.port}=${value}` },
      body: JSON.stringify({ name: 'presets.list', args: {} }),
    });
    expect(call.status).toBe(403);
  });

  it('a broken cookie of another name does not hide the good one', async () => {
    const reply = await send('/', {
      headers: { cookie: `junk=%E0%A4%A; logdesk_${server.port}=${encodeURIComponent(server.token)}` },
    });
    expect(reply.status).toBe(200);
  });
});

describe("a user's mistake is a 4xx with the reason, never a 500", () => {
  it.each([
    ['sqlite:///etc/passwd', /not a database/],
    ['sqlite:///nonexistent-folder/calls.db', /nonexistent-folder/],
    ['postgres://reader@127.0.0.1:1/gateway', /Connection refused/],
  ])('sources.describe on %s', async (url, reason) => {
    const reply = await callApi('sources.describe', { source: { kind: 'url', url } });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    const { ok, error } = JSON.parse(reply.body) as { ok: boolean; error: { message: string } };
    expect(ok).toBe(false);
    expect(error.message).toMatch(reason);
  });
});

describe('no API answer carries a stored database password', () => {
  const secret = 'Hunter2-in-the-url';
  const withPassword = `postgres://watcher:${secret}@127.0.0.1:1/gateway`;

  it('watch.set and watch.list answer the URL without its password; switching off by that URL works', async () => {
    const set = await callApi('watch.set', { source: { kind: 'url', url: withPassword }, enabled: true });
    expect(set.status).toBe(200);
    expect(set.body).not.toContain(secret);
    const list = await callApi('watch.list', {});
    expect(list.status).toBe(200);
    expect(list.body).not.toContain(secret);
    const { result } = JSON.parse(list.body) as {
      result: { watches: { source: { url: string }; remembered: boolean }[] };
    };
    expect(result.watches.map((w) => w.source.url)).toEqual(['postgres://watcher@127.0.0.1:1/gateway']);
    expect(result.watches[0]!.remembered).toBe(false);
    // What the list shows is enough to turn that watch off.
    const off = await callApi('watch.set', { source: result.watches[0]!.source, enabled: false });
    expect(JSON.parse(off.body)).toEqual({ ok: true, result: { watches: [] } });
  });

  it('a failing call on a URL with a password names the source without it', async () => {
    for (const name of ['sources.describe', 'investigation.run', 'traffic.run']) {
      const reply = await callApi(name, { source: { kind: 'url', url: withPassword } });
      expect(reply.status, name).toBe(422);
      expect(reply.body, name).toContain('watcher@127.0.0.1');
      expect(reply.body, name).not.toContain(secret);
    }
  });
});
