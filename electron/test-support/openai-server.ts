import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/** What the server answers to one chat completion request. */
export type Reply =
  | {
      kind: 'stream';
      chunks: string[];
      /** Pause before each chunk, so a test can see the first one arrive while the rest is still to come. */
      delayMs?: number;
      usage?: { prompt: number; completion: number };
      finishReason?: 'stop' | 'length';
      /** After this many chunks: `stall` keeps the connection open and sends nothing more; `cut` destroys it. */
      after?: { chunks: number; then: 'stall' | 'cut' };
    }
  | { kind: 'error'; status: number; message: string; headers?: Record<string, string> }
  /** A non-streaming answer calling one function; `arguments` is sent as given, so it may be broken JSON. */
  | { kind: 'tool'; name: string; arguments: string }
  /** A 200 whose body is not what the API promises (a proxy's HTML page, a truncated JSON…). */
  | { kind: 'garbage'; contentType: string; body: string }
  /** The connection dropped before any answer, as a kept-alive socket the server closes just as the client reuses it. */
  | { kind: 'reset' };

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent: what a redaction test searches. */
  body: string;
  json: Record<string, unknown> | null;
  chunksSent: number;
  /** The whole reply was written. */
  finished: boolean;
  /** The client closed the connection before the reply was complete (an abort). */
  closedEarly: boolean;
  /** Resolves when the connection of this request is closed, either way. */
  closed: Promise<void>;
}

export interface OpenAiTestServer {
  /**
   * `http://127.0.0.1:PORT/SERVER-ID/v1`: like the `/v1` URLs users type for Ollama or vLLM, with a
   * path of its own, because the analysis cache is keyed by base URL and freed ports come back.
   */
  baseUrl: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export interface OpenAiServerOptions {
  /** Replies in order; the last one repeats. */
  replies: Reply[];
  /** When set, any other bearer token gets a 401 like OpenAI's. */
  apiKey?: string;
  /** When set, any other model gets a 404 like OpenAI's. */
  models?: string[];
  /** Listen on this port (default: any free one); a test restarting "the same" server passes the old one. */
  port?: number;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type: 'invalid_request_error', code: null } }));
}

/**
 * A local OpenAI-compatible `/v1/chat/completions` on 127.0.0.1 (node:http): streams Server-Sent
 * Events chunk by chunk with delays, answers non-streaming requests whole, and records every
 * request with its body and whether the client hung up early.
 */
export async function startOpenAiServer(options: OpenAiServerOptions): Promise<OpenAiTestServer> {
  const requests: ReceivedRequest[] = [];
  const serverId = randomUUID().slice(0, 8);
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => void answer(body));

    async function answer(text: string): Promise<void> {
      let closeNow!: () => void;
      const record: ReceivedRequest = {
        path: req.url ?? '',
        headers: req.headers,
        body: text,
        json: null,
        chunksSent: 0,
        finished: false,
        closedEarly: false,
        closed: new Promise<void>((done) => (closeNow = done)),
      };
      try {
        record.json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // recorded as null
      }
      requests.push(record);
      res.on('close', () => {
        if (!record.finished) record.closedEarly = true;
        closeNow();
      });
      if (record.path !== `/${serverId}/v1/chat/completions`)
        return sendError(res, 404, `no route ${record.path}`);
      if (options.apiKey && req.headers.authorization !== `Bearer ${options.apiKey}`) {
        record.finished = true;
        return sendError(
          res,
          401,
          'Incorrect API key provided: sk-te****. You can find your API key at https://platform.openai.com/account/api-keys.',
        );
      }
      const model = String(record.json?.model ?? '');
      if (options.models && !options.models.includes(model)) {
        record.finished = true;
        return sendError(res, 404, `The model \`${model}\` does not exist or you do not have access to it.`);
      }
      const reply = options.replies[Math.min(requests.length - 1, options.replies.length - 1)]!;
      if (reply.kind === 'reset') return void req.socket.destroy();
      if (reply.kind === 'error') {
        record.finished = true;
        return sendError(res, reply.status, reply.message, reply.headers);
      }
      if (reply.kind === 'garbage') {
        record.finished = true;
        res.writeHead(200, { 'content-type': reply.contentType });
        res.end(reply.body);
        return;
      }
      const base = { id: `chatcmpl-test-${requests.length}`, created: Math.floor(Date.now() / 1000), model };
      if (reply.kind === 'tool') {
        record.finished = true;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ...base,
            object: 'chat.completion',
            choices: [
              {
                index: 0,
                message: {
                  role: 'assistant',
                  content: null,
                  tool_calls: [
                    {
                      id: `call_${requests.length}`,
                      type: 'function',
                      function: { name: reply.name, arguments: reply.arguments },
                    },
                  ],
                },
                finish_reason: 'tool_calls',
              },
            ],
            usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
          }),
        );
        return;
      }
      if (!record.json?.stream) {
        record.finished = true;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ...base,
            object: 'chat.completion',
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: reply.chunks.join('') },
                finish_reason: 'stop',
              },
            ],
            usage: reply.usage && {
              prompt_tokens: reply.usage.prompt,
              completion_tokens: reply.usage.completion,
              total_tokens: reply.usage.prompt + reply.usage.completion,
            },
          }),
        );
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
      for (const [i, content] of reply.chunks.entries()) {
        await sleep(reply.delayMs ?? 0);
        if (reply.after && i === reply.after.chunks) {
          if (reply.after.then === 'cut') res.destroy();
          // A stall: the connection stays open with nothing more sent, until the client gives up.
          return;
        }
        if (record.closedEarly) return;
        send({
          ...base,
          object: 'chat.completion.chunk',
          choices: [{ index: 0, delta: { content }, finish_reason: null }],
        });
        record.chunksSent++;
      }
      await sleep(reply.delayMs ?? 0);
      if (record.closedEarly) return;
      send({
        ...base,
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: {}, finish_reason: reply.finishReason ?? 'stop' }],
      });
      const wantsUsage = (record.json.stream_options as { include_usage?: boolean } | undefined)
        ?.include_usage;
      if (reply.usage && wantsUsage) {
        send({
          ...base,
          object: 'chat.completion.chunk',
          choices: [],
          usage: {
            prompt_tokens: reply.usage.prompt,
            completion_tokens: reply.usage.completion,
            total_tokens: reply.usage.prompt + reply.usage.completion,
          },
        });
      }
      res.write('data: [DONE]\n\n');
      record.finished = true;
      res.end();
    }
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/${serverId}/v1`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
