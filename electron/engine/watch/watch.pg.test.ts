import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import { destroyPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../test-support/shared-postgres.ts';
import { parsePostgresUrl } from '../../../shared/source-url.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { litellmDdl } from '../sources/litellm/ddl.ts';
import { LiteLLMSource } from '../sources/litellm/litellm-source.ts';
import { DEFAULT_THRESHOLDS } from './detector.ts';
import { postWebhook, runCommand } from './notifiers.ts';
import { createEngine } from '../engine.ts';
import { testPlatform } from '../../test-support/test-platform.ts';
import type { WatchEventData } from '../../../shared/contract/watch.ts';
import { parseQuietHours } from './quiet-hours.ts';
import { Watcher, type WatchConfig, type WatchEvent } from './watcher.ts';

const MINUTE = 60_000;
/** The watch's clock: the rows are written around it, minute by minute, as a gateway would. */
const T0 = Date.parse('2026-03-10T12:00:00.000Z');

let server: TestPostgres;
let db: PgDatabase;
let hook: Server;
let hookUrl: string;
const posts: Record<string, unknown>[] = [];
let seq = 0;

const sqlTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

/** One minute of traffic starting at `start`: `ok` successes and `failed` rate-limit failures. */
async function minute(start: number, ok: number, failed: number, model = 'gpt-4o'): Promise<void> {
  const values: string[] = [];
  const params: unknown[] = [];
  for (let i = 0; i < ok + failed; i++) {
    const failedRow = i >= ok;
    const at = sqlTime(start + Math.floor((i * MINUTE) / (ok + failed)));
    const metadata = {
      user_api_key_alias: 'support-bot',
      ...(failedRow
        ? {
            error_information: {
              error_class: 'RateLimitError',
              error_code: '429',
              error_message: 'litellm.RateLimitError: Rate limit reached',
            },
          }
        : {}),
    };
    const n = params.length;
    values.push(
      `($${n + 1}, $${n + 2}::timestamp, $${n + 2}::timestamp, $${n + 3}, $${n + 3}, $${n + 4}::jsonb, $${n + 5})`,
    );
    params.push(`req-${seq++}`, at, model, JSON.stringify(metadata), failedRow ? 'failure' : 'success');
  }
  await server.exec(
    `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model, model_group, metadata, status) VALUES ${values.join(', ')}`,
    params,
    'watch',
  );
}

function config(extra: Partial<WatchConfig> = {}): WatchConfig {
  return {
    name: 'test-gateway',
    filters: Filters.parse({}),
    everyMs: MINUTE,
    baselineMs: 30 * MINUTE,
    thresholds: DEFAULT_THRESHOLDS,
    quietHours: null,
    ...extra,
  };
}

beforeAll(async () => {
  server = sharedTestPostgres();
  await server.createDatabase('watch');
  for (const statement of litellmDdl().split(';\n')) await server.exec(statement, [], 'watch');
  // Half an hour of normal traffic before the watch starts: 20 requests a minute, one failure in five minutes.
  for (let m = 30; m >= 1; m--) await minute(T0 - m * MINUTE, m % 5 === 0 ? 19 : 20, m % 5 === 0 ? 1 : 0);
  db = new PgDatabase({ target: parsePostgresUrl(server.url('watch')).target });
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      posts.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/services/T000/B000/secret`;
});

afterAll(async () => {
  await db?.close();
  await new Promise<void>((done) => (hook ? hook.close(() => done()) : done()));
  if (server) await destroyPostgres(server);
});

describe('watch mode over a real PostgreSQL, rows arriving over time', () => {
  it('notifies once when an incident starts and once when it ends, nothing in between', async () => {
    let now = T0;
    const events: WatchEvent[] = [];
    const marks = join(mkdtempSync(join(tmpdir(), 'logdesk-watch-')), 'events.txt');
    const watcher = new Watcher(
      async () => new LiteLLMSource(db),
      config(),
      async (e) => {
        events.push(e);
        await postWebhook(hookUrl, e);
        await runCommand(`printf '%s %s\\n' "$LOGDESK_EVENT" "$LOGDESK_WATCH" >> '${marks}'`, e);
      },
      () => now,
    );

    // A normal minute: nothing.
    expect((await watcher.poll()).events).toEqual([]);
    expect(watcher.inIncident).toBe(false);

    // The provider starts throttling: 40 failures on top of the usual 20 requests.
    await minute(now, 20, 40);
    now += MINUTE;
    const first = await watcher.poll();
    expect(first.events.map((e) => e.kind)).toEqual(['incident']);
    expect(first.current).toEqual({ errors: 40, requests: 60 });
    expect(first.events[0]!.message).toMatch(
      /^INCIDENT on test-gateway since 2026-03-10T12:00:00\.000Z: error spike and error-rate jump: 40 errors of 60 requests \(66\.7%\)/,
    );
    expect(first.events[0]!.view.timeRange).toEqual({
      kind: 'absolute',
      from: '2026-03-10T11:30:00.000Z',
      to: '2026-03-10T12:02:00.000Z',
    });

    // Still burning, worse even: the baseline stays frozen at the incident's start, and no repeat.
    await minute(now, 20, 60);
    now += MINUTE;
    expect((await watcher.poll()).events).toEqual([]);
    // One clean minute is not yet a recovery (recoverAfter 2).
    await minute(now, 20, 0);
    now += MINUTE;
    const calm = await watcher.poll();
    expect(calm.verdict.firing).toBe(false);
    expect(calm.events).toEqual([]);
    expect(watcher.inIncident).toBe(true);

    await minute(now, 20, 0);
    now += MINUTE;
    const recovered = await watcher.poll();
    expect(recovered.events.map((e) => e.kind)).toEqual(['recovered']);
    expect(recovered.events[0]!.message).toMatch(
      /^RECOVERED on test-gateway after 4 min \(since 2026-03-10T12:00:00\.000Z\)/,
    );

    await minute(now, 20, 0);
    now += MINUTE;
    expect((await watcher.poll()).events).toEqual([]);

    expect(events.map((e) => e.kind)).toEqual(['incident', 'recovered']);
    // The webhook got Slack-compatible JSON, once per event.
    expect(posts).toHaveLength(2);
    expect(posts[0]!.text).toMatch(/^:rotating_light: INCIDENT on test-gateway/);
    expect(posts[1]!.text).toMatch(/^:white_check_mark: RECOVERED/);
    expect(JSON.stringify(posts[0]!.blocks)).toContain('Incident');
    expect(readFileSync(marks, 'utf8')).toBe('incident test-gateway\nrecovered test-gateway\n');
  });

  it('stays silent through quiet hours and for traffic its filters exclude', async () => {
    // The rows of the test above are there: replay the same clock with other watches.
    const quiet: WatchEvent[] = [];
    let now = T0;
    const inQuiet = new Watcher(
      async () => new LiteLLMSource(db),
      config({ quietHours: parseQuietHours('11:00-13:00', 'UTC') }),
      async (e) => void quiet.push(e),
      () => now,
    );
    const other: WatchEvent[] = [];
    const otherModel = new Watcher(
      async () => new LiteLLMSource(db),
      config({ filters: Filters.parse({ models: ['claude-3-5-sonnet'] }) }),
      async (e) => void other.push(e),
      () => now,
    );
    for (let i = 0; i <= 5; i++) {
      now = T0 + i * MINUTE;
      await inQuiet.poll();
      await otherModel.poll();
      if (i === 1) expect(inQuiet.inIncident).toBe(true);
    }
    expect(quiet).toEqual([]);
    expect(other).toEqual([]);
    expect(otherModel.inIncident).toBe(false);
  });

  it('a failing webhook or command says why, naming the host but never the hook secret', async () => {
    const e = {
      kind: 'incident',
      watch: 'w',
      since: 's',
      at: 'a',
      reason: 'r',
      current: { errors: 1, requests: 1 },
      message: 'm',
      view: Filters.parse({}),
    } as const;
    await expect(postWebhook('http://127.0.0.1:9/hooks/very-secret-token', e, 2_000)).rejects.toThrow(
      /^webhook to 127\.0\.0\.1:9 failed/,
    );
    await expect(postWebhook('http://127.0.0.1:9/hooks/very-secret-token', e, 2_000)).rejects.not.toThrow(
      /very-secret-token/,
    );
    await expect(runCommand('echo broken >&2; exit 4', e)).rejects.toThrow('--command exited with 4: broken');
  });

  it('a watch switched on in the app (web mode) posts to its webhook and watches its filters, as logdesk watch does', async () => {
    // The rows of the first test: 40 failures of 60 requests in the minute after T0.
    const engine = createEngine(testPlatform({ now: () => T0 + MINUTE }));
    const seen: WatchEventData[] = [];
    const off = engine.listen((name, payload) => {
      if (name === 'watch.event') seen.push((payload as { event: WatchEventData }).event);
    });
    const before = posts.length;
    try {
      await engine.call('watch.set', {
        source: { kind: 'url', url: server.url('watch') },
        enabled: true,
        everySeconds: 60,
        webhook: hookUrl,
        filters: { models: ['gpt-4o'] },
      });
      await expect.poll(() => posts.length, { timeout: 30_000 }).toBe(before + 1);
      expect(posts.at(-1)!.text).toMatch(
        /^:rotating_light: INCIDENT on database URL since 2026-03-10T12:00:00\.000Z/,
      );
      expect(seen.map((e) => [e.kind, e.view.models])).toEqual([['incident', ['gpt-4o']]]);
    } finally {
      off();
      await engine.close();
    }
  });
});
