import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEnvSecretStore } from '../platform/env-secrets.ts';
import type { SecretStore } from '../platform/platform.ts';
import { testPlatform } from '../../test-support/test-platform.ts';
import { createEngine, type Engine } from '../engine.ts';

const engines: Engine[] = [];
const start = (dataDir?: string, secrets?: SecretStore) => {
  const platform = testPlatform({ ...(dataDir ? { dataDir } : {}), ...(secrets ? { secrets } : {}) });
  const engine = createEngine(platform);
  engines.push(engine);
  return { engine, platform };
};
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

// Nothing listens on port 1: the watch runs and reports its failed polls, which is all this needs.
const plain = { kind: 'url' as const, url: 'postgres://watcher@127.0.0.1:1/litellm' };
const withPassword = { kind: 'url' as const, url: 'postgres://watcher:hunter2-secret@127.0.0.1:1/other' };

describe('watches outlive the app', () => {
  it('a switched-on watch, its thresholds and quiet hours come back in the next run; one switched off does not', async () => {
    const first = start();
    const set = await first.engine.call('watch.set', {
      source: plain,
      enabled: true,
      everySeconds: 120,
      quietHours: '22:00-07:00',
      timeZone: 'Europe/Berlin',
      thresholds: { minErrors: 25, rateJump: 0.2 },
    });
    expect(set.watches[0]).toMatchObject({ everySeconds: 120, quietHours: '22:00-07:00', remembered: true });
    expect(set.watches[0]!.thresholds).toEqual({
      spikeFactor: 3,
      minErrors: 25,
      rateJump: 0.2,
      minRequests: 20,
      recoverAfter: 2,
    });
    await first.engine.close();

    const second = start(first.platform.dataDir);
    expect((await second.engine.call('watch.list', {})).watches).toEqual([]);
    await second.engine.restoreWatches();
    const restored = (await second.engine.call('watch.list', {})).watches;
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatchObject({
      source: plain,
      everySeconds: 120,
      quietHours: '22:00-07:00',
      thresholds: { minErrors: 25, rateJump: 0.2 },
    });

    await second.engine.call('watch.set', { source: plain, enabled: false });
    await second.engine.close();
    const third = start(first.platform.dataDir);
    await third.engine.restoreWatches();
    expect((await third.engine.call('watch.list', {})).watches).toEqual([]);
  });

  it('what the CLI watch takes: filters and a webhook come back after a restart; the hook URL is kept in the secret store only', async () => {
    const keychain = createEnvSecretStore({});
    const first = start(undefined, keychain);
    const hook = 'https://hooks.example.com/services/T000/B000/very-secret-token';
    const set = await first.engine.call('watch.set', {
      source: plain,
      enabled: true,
      filters: { models: ['gpt-4o'], keyAliases: ['support-bot'] },
      webhook: hook,
    });
    expect(set.watches[0]).toMatchObject({
      webhookHost: 'hooks.example.com',
      filters: { models: ['gpt-4o'], keyAliases: ['support-bot'] },
    });
    expect(JSON.stringify(set)).not.toContain('very-secret-token');
    // New thresholds without a webhook keep the one set.
    const again = await first.engine.call('watch.set', {
      source: plain,
      enabled: true,
      everySeconds: 30,
      filters: { models: ['gpt-4o'] },
    });
    expect(again.watches[0]).toMatchObject({
      everySeconds: 30,
      webhookHost: 'hooks.example.com',
      filters: { models: ['gpt-4o'] },
    });
    await first.engine.close();
    const file = readFileSync(join(first.platform.dataDir, 'watches.json'), 'utf8');
    expect(file).not.toContain('very-secret-token');
    expect(file).toContain('gpt-4o');

    const second = start(first.platform.dataDir, keychain);
    await second.engine.restoreWatches();
    expect((await second.engine.call('watch.list', {})).watches[0]).toMatchObject({
      everySeconds: 30,
      webhookHost: 'hooks.example.com',
      filters: { models: ['gpt-4o'] },
    });
    // null removes the webhook.
    const removed = await second.engine.call('watch.set', { source: plain, enabled: true, webhook: null });
    expect(removed.watches[0]!.webhookHost).toBeNull();
    await expect(
      second.engine.call('watch.set', { source: plain, enabled: true, webhook: 'file:///etc/passwd' }),
    ).rejects.toThrow(/webhook.*http:\/\/ or https:\/\/ URL/);
  });

  it('a URL holding a password is watched for this run only, and never written to disk', async () => {
    const { engine, platform } = start();
    await engine.call('watch.set', { source: plain, enabled: true });
    const { watches } = await engine.call('watch.set', { source: withPassword, enabled: true });
    expect(watches.map((w) => w.remembered).sort()).toEqual([false, true]);
    const file = readFileSync(join(platform.dataDir, 'watches.json'), 'utf8');
    expect(file).not.toContain('hunter2');
    expect(file).toContain('127.0.0.1:1/litellm');
  });

  it('a bad threshold is refused naming the field, and leaves the watch as it was', async () => {
    const { engine } = start();
    await engine.call('watch.set', { source: plain, enabled: true, thresholds: { minErrors: 5 } });
    await expect(
      engine.call('watch.set', { source: plain, enabled: true, thresholds: { rateJump: 5 } }),
    ).rejects.toThrow(/thresholds\.rateJump.*between 0 and 1/);
    expect((await engine.call('watch.list', {})).watches[0]!.thresholds.minErrors).toBe(5);
  });

  it('a damaged watch file is logged and skipped: the app still starts, and the next switch rewrites it', async () => {
    const { engine, platform } = start();
    writeFileSync(
      join(platform.dataDir, 'watches.json'),
      '{"version":1,"watches":[{"source":{"kind":"nope"}}]}',
    );
    await engine.restoreWatches();
    expect((await engine.call('watch.list', {})).watches).toEqual([]);
    expect(platform.lines.some((l) => l.message === 'watch file unreadable: no watch restored')).toBe(true);
  });
});
