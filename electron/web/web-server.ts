import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { CallEnvelope } from '../../shared/contract/bridge.ts';
import { describeZodError, type ErrorCode } from '../../shared/errors.ts';
import type { Engine } from '../engine/engine.ts';
import type { Logger } from '../engine/platform/platform.ts';
import { cookieName, newToken, requestToken, sameToken, trustedOrigin } from './web-auth.ts';
import { serveStatic } from './static-files.ts';
import { writeJson } from './json-stream.ts';

export interface WebServerOptions {
  engine: Engine;
  /** The built renderer (index.html + assets). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  token?: string;
  log?: Logger;
}

export interface WebServer {
  /** The URL to open: carries the token once; the page then lives on a cookie. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const CallBody = z.object({ name: z.string().min(1), args: z.unknown() });
const MAX_BODY = 2_000_000;
/** Past this, an oversized body is no longer drained for a polite 413: the connection is cut. */
const MAX_DRAIN = 64 * MAX_BODY;

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Only a fault of Logdesk itself (INTERNAL) is a 500: a source that cannot be opened, a refused
 * login or a failed query is the request's problem, answered as a 4xx with the reason in the
 * envelope; a timeout is the database's slowness (504). Never 401/403: the page reads those as a lost token.
 */
const STATUS: Record<ErrorCode, number> = {
  BAD_ARGUMENT: 400,
  NOT_FOUND: 404,
  CANCELLED: 409,
  CONNECTION_FAILED: 422,
  AUTH_FAILED: 422,
  SCHEMA_MISSING: 422,
  QUERY_FAILED: 422,
  LARGE_SCAN: 422,
  WRITE_FAILED: 422,
  LLM_FAILED: 422,
  TIMEOUT: 504,
  INTERNAL: 500,
};

const JSON_HEADERS = {
  ...SECURITY_HEADERS,
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, JSON_HEADERS);
  res.end(JSON.stringify(body));
}

/**
 * A call's answer, written in chunks as the socket takes them: a large investigation never exists
 * as one JSON string (nor as one Buffer of it) in the server.
 */
async function streamJson(res: ServerResponse, status: number, body: unknown): Promise<void> {
  res.writeHead(status, JSON_HEADERS);
  try {
    if (await writeJson(res, body)) res.end();
  } catch (err) {
    // Headers are gone: cut the response so the client sees a failure, never a truncated answer.
    res.destroy();
    throw err;
  }
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(message);
}

const failure = (code: ErrorCode, message: string): CallEnvelope => ({ ok: false, error: { code, message } });

/** The body, or null when it is over MAX_BODY: the rest is drained (not kept) so the 413 reaches the client. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
      else if (size > MAX_DRAIN) req.destroy();
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Web mode: the renderer and the engine's call/listen on 127.0.0.1 only, guarded by a random token.
 * The token arrives once in the URL, is swapped for an HttpOnly SameSite=Strict cookie and removed
 * from the address bar by a redirect; it is never logged.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { engine, rendererDir, log } = options;
  const token = options.token ?? newToken();
  let port = 0;

  async function handleCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, failure('BAD_ARGUMENT', 'expected a JSON body'));
    }
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_BODY) {
      res.setHeader('connection', 'close');
      return sendJson(
        res,
        413,
        failure('BAD_ARGUMENT', `The request body is over the limit of ${MAX_BODY} bytes`),
      );
    }
    let body: z.infer<typeof CallBody>;
    try {
      const text = await readBody(req);
      if (text === null)
        return sendJson(
          res,
          413,
          failure('BAD_ARGUMENT', `The request body is over the limit of ${MAX_BODY} bytes`),
        );
      const parsed = CallBody.safeParse(JSON.parse(text));
      if (!parsed.success)
        return sendJson(res, 400, failure('BAD_ARGUMENT', describeZodError(parsed.error, 'body')));
      body = parsed.data;
    } catch (err) {
      return sendJson(res, 400, failure('BAD_ARGUMENT', `Unreadable request: ${(err as Error).message}`));
    }
    const envelope = await engine.dispatch(body.name, body.args);
    await streamJson(res, envelope.ok ? 200 : STATUS[envelope.error.code], envelope);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    // Events go out in order, each written in chunks (a job's result can be a whole investigation),
    // so a small event waits behind a large one instead of slipping into its middle.
    let queue = Promise.resolve(true);
    const send = (value: unknown, prefix: string, suffix: string) => {
      queue = queue
        .then((open) => open && writeJson(res, value, prefix, suffix))
        .catch((err: unknown) => {
          log?.error('web event failed', { message: (err as Error).message });
          res.destroy();
          return false;
        });
    };
    const unsubscribe = engine.listen((name, payload) => send({ name, payload }, 'data: ', '\n\n'));
    const heartbeat = setInterval(() => send(undefined, ': keep-alive\n\n', ''), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!trustedOrigin(req, port)) return refuse(res, 403, 'Forbidden: unexpected Host or Origin');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const offered = url.searchParams.get('token');
    if (offered !== null && req.method === 'GET') {
      if (!sameToken(offered, token)) return refuse(res, 403, 'Forbidden: wrong token');
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        location: url.pathname + url.search,
        'set-cookie': `${cookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    if (!sameToken(requestToken(req, port), token)) {
      return refuse(
        res,
        403,
        'Forbidden: open the URL printed by `logdesk web` (it carries the access token)',
      );
    }
    if (url.pathname === '/api/call') {
      if (req.method !== 'POST') return refuse(res, 405, 'Method not allowed');
      return handleCall(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Method not allowed');
    if (url.pathname === '/api/events') return handleEvents(req, res);
    if (url.pathname.startsWith('/api/')) return refuse(res, 404, 'Not found');
    return serveStatic(rendererDir, url.pathname, res, SECURITY_HEADERS);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log?.error('web request failed', {
        path: (req.url ?? '').split('?')[0],
        message: (err as Error).message,
      });
      if (!res.headersSent) refuse(res, 500, 'Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  log?.info('web mode listening', { origin });
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
