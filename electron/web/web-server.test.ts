import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../engine/engine.ts';
import { nodePlatform } from '../engine/platform/node-platform.ts';
import { startWebServer, type WebServer } from './web-server.ts';
import { startWebApp } from '../../e2e/support/web-app.ts';

let engine: Engine;
let server: WebServer;
let home: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so tests can send the Host and Origin headers a browser or an attacker would. */
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
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = () => ({ authorization: `Bearer ${server.token}` });
const callApi = (name: string, args: unknown, headers: Record<string, string> = auth()) =>
  send('/api/call', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ name, args }),
  });

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'logdesk-web-'));
  const rendererDir = join(home, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Logdesk</title>');
  writeFileSync(join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(home, 'secret.txt'), 'outside the renderer');
  engine = createEngine(nodePlatform({ LOGDESK_HOME: home }));
  server = await startWebServer({ engine, rendererDir, log: engine.context.platform.log });
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
});

describe('web mode access control', () => {
  it('refuses every request without the token, and a wrong token', async () => {
    for (const path of ['/', '/assets/app-1234.js', '/api/events', '/?token=wrong']) {
      const reply = await send(path);
      expect(reply.status, path).toBe(403);
      expect(reply.body).not.toContain(server.token);
    }
    expect((await callApi('presets.list', {}, {})).status).toBe(403);
  });

  it('trades the token in the URL for an HttpOnly, same-site cookie and drops it from the address', async () => {
    const reply = await send(`/?token=${server.token}`);
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    const cookie = String(reply.headers['set-cookie']);
    expect(cookie).toContain(`logdesk_${server.port}=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await send('/', { headers: { cookie: `logdesk_${server.port}=${server.token}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<title>Logdesk</title>');
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin even with the token', async () => {
    expect((await send('/', { headers: { ...auth(), host: `evil.example:${server.port}` } })).status).toBe(
      403,
    );
    expect((await callApi('presets.list', {}, { ...auth(), origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect((await callApi('presets.list', {}, { ...auth(), origin: server.origin })).status).toBe(200);
  });

  it('serves built files with their type and never a file outside the renderer folder', async () => {
    const js = await send('/assets/app-1234.js', { headers: auth() });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/text\/javascript/);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt']) {
      const reply = await send(path, { headers: auth() });
      expect(reply.body, path).not.toContain('outside the renderer');
    }
    expect((await send('/assets/missing.js', { headers: auth() })).status).toBe(404);
  });
});

describe('web mode calls and events', () => {
  it('runs a call through the engine and returns its result', async () => {
    const reply = await callApi('presets.list', {});
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, result: { presets: [] } });
  });

  it('returns a zod refusal as a 400 naming the field, and an unknown call as a 400', async () => {
    const bad = await callApi('presets.save', { name: '', source: { kind: 'demo' } });
    expect(bad.status).toBe(400);
    const body = JSON.parse(bad.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('BAD_ARGUMENT');
    expect(body.error.message).toMatch(/name: a preset needs a name/);
    const unknown = await callApi('fs.readFile', { path: '/etc/passwd' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatch(/Unknown call/);
    const notJson = await send('/api/call', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('streams engine events over Server-Sent Events', async () => {
    const received = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: server.port, path: '/api/events', headers: auth() },
        (res) => {
          expect(res.headers['content-type']).toMatch(/text\/event-stream/);
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
            if (text.includes(': connected')) {
              engine.context.hub.emit('job.progress', { jobId: 'j-1', done: 3, total: 10 });
            }
            if (text.includes('job.progress')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', (err) =>
        (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err),
      );
      req.end();
    });
    const data = received.split('\n').find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(data.slice(6))).toEqual({
      name: 'job.progress',
      payload: { jobId: 'j-1', done: 3, total: 10 },
    });
  });
});

describe('web mode: hostile calls get a field-level answer, never a 500 or silence', () => {
  it('answers calls named after Object.prototype members as a 400 unknown call', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      const reply = await callApi(name, {});
      expect(reply.status, name).toBe(400);
      expect(JSON.parse(reply.body), name).toEqual({
        ok: false,
        error: { code: 'BAD_ARGUMENT', message: `Unknown call "${name}"` },
      });
    }
  });

  it('answers a body over the limit with a 413 naming the limit', async () => {
    const big = JSON.stringify({ name: 'presets.list', args: { pad: 'x'.repeat(2_100_000) } });
    const reply = await send('/api/call', {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: big,
    });
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error.message).toMatch(/over the limit of 2000000 bytes/);
  });

  it('refuses a NUL in a filter with a 400 naming the field, whatever the transport', async () => {
    const sources = [
      { kind: 'demo' },
      { kind: 'url', url: 'postgres://reader@127.0.0.1:1/gateway' },
      { kind: 'profile', name: 'exec-profile' },
    ];
    for (const source of sources) {
      for (const [field, filters] of [
        ['filters.keyAliases.0', { keyAliases: ['a\u0000b'] }],
        ['filters.text', { text: 'x\u0000' }],
      ] as const) {
        const reply = await callApi('investigation.run', { source, filters });
        expect(reply.status, `${source.kind} ${field}`).toBe(400);
        const { error } = JSON.parse(reply.body) as { error: { code: string; message: string } };
        expect(error.code).toBe('BAD_ARGUMENT');
        expect(error.message).toContain(`${field}: must not contain a NUL character`);
      }
    }
  });
});

describe('logdesk web (the CLI command)', () => {
  it('prints a loopback URL with a token, refuses requests without it, and never logs the token', async () => {
    const app = await startWebApp();
    try {
      expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
      expect((await fetch(`${app.origin}/`)).status).toBe(403);
      const ok = await fetch(`${app.origin}/api/call`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` },
        body: JSON.stringify({ name: 'presets.list', args: {} }),
      });
      expect(ok.status).toBe(200);
      await fetch(`${app.origin}/?token=wrong-token`);
      let log = '';
      try {
        log = readFileSync(join(app.home, 'data', 'logs', 'logdesk.log'), 'utf8');
      } catch {
        // nothing logged at all is fine too
      }
      expect(log).not.toContain(app.token);
      expect(app.output().split(app.token).length - 1).toBe(1);
    } finally {
      await app.stop();
    }
  });
});
