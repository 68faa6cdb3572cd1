import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { litellmDdl } from '../engine/sources/litellm/ddl.ts';
import { destroyPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { sharedTestPostgres } from '../test-support/shared-postgres.ts';
import { runCli } from '../test-support/run-cli.ts';
import { TEST_NOW } from '../test-support/test-clock.ts';
import { parseWatchArgs } from './watch-args.ts';

let server: TestPostgres;
let hook: Server;
let hookUrl: string;
const posts: { text: string }[] = [];

const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

async function rows(count: number, at: (i: number) => number, failed: boolean): Promise<void> {
  for (let i = 0; i < count; i++) {
    const metadata = {
      user_api_key_alias: 'agent',
      ...(failed
        ? {
            error_information: {
              error_class: 'RateLimitError',
              error_code: '429',
              error_message: 'Rate limit reached',
            },
          }
        : {}),
    };
    await server.exec(
      `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model, model_group, metadata, status) VALUES ($1, $2::timestamp, $2::timestamp, 'qwen', 'qwen', $3::jsonb, $4)`,
      [
        `${failed ? 'f' : 'ok'}-${i}-${Math.random()}`,
        sqlTime(at(i)),
        JSON.stringify(metadata),
        failed ? 'failure' : 'success',
      ],
      'live',
    );
  }
}

beforeAll(async () => {
  server = sharedTestPostgres();
  await server.createDatabase('live');
  for (const statement of litellmDdl().split(';\n')) await server.exec(statement, [], 'live');
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      posts.push(JSON.parse(body) as { text: string });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await new Promise<void>((done) => (hook ? hook.close(() => done()) : done()));
  if (server) await destroyPostgres(server);
});

describe('logdesk watch', () => {
  it('prints one incident line and posts the webhook when the last window spikes', async () => {
    const now = TEST_NOW; // the CLI's clock (LOGDESK_NOW)
    // Quiet traffic over the last half hour, then a burst of 429s in the last few seconds.
    await rows(60, (i) => now - 30 * 60_000 + i * 29_000, false);
    await rows(30, (i) => now - 5_000 + i * 100, true);
    const run = await runCli([
      'watch',
      '--url',
      server.url('live'),
      '--model',
      'qwen',
      '--every',
      '60s',
      '--baseline',
      '30m',
      '--polls',
      '1',
      '--webhook',
      hookUrl,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^\\S+Z INCIDENT on postgres://postgres@127\\.0\\.0\\.1:\\d+/${server.databaseName('live')} since \\S+: error spike and error-rate jump: 30 errors of 3\\d requests`,
      ),
    );
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('watching postgres://postgres@127.0.0.1');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.text).toContain('INCIDENT on postgres://');
  });

  it('rejects options that make no sense for a watch, naming them (exit 2)', async () => {
    for (const [args, message] of [
      [['--every', '5s'], /--every: at least 10s/],
      [['--every', 'often'], /--every: expected a duration like 30s, 5m or 1h, got "often"/],
      [['--json'], /--json is not a watch option/],
      [['--quiet-hours', '22-7'], /--quiet-hours: expected HH:MM-HH:MM/],
      [['--webhook', 'ftp://x'], /--webhook: expected an http\(s\) URL/],
      [['--bogus'], /unknown option --bogus/],
      [['--min-errors', '0'], /--min-errors: expected a whole number of at least 1, got "0"/],
    ] as const) {
      expect(() => parseWatchArgs(['--demo', ...args])).toThrow(message);
    }
    const run = await runCli(['watch', '--demo', '--every', '5s']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/--every: at least 10s/);
  });
});
