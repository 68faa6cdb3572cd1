import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../engine/platform/platform.ts';
import { createEncryptedSecretStore, type Cipher } from './encrypted-secrets.ts';
import { EngineClient } from './engine-client.ts';
import { SHARED_CACHE } from '../test-support/run-cli.ts';
import { memorySecrets, nodeHost } from '../test-support/engine-host-process.ts';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const clients: EngineClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

describe('the engine in its own process', () => {
  it('answers calls relayed by main, refusals as data, and survives a crash', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'logdesk-host-'));
    const client = new EngineClient(nodeHost(dataDir), memorySecrets(), quiet);
    clients.push(client);
    expect(await client.call('presets.list', {})).toEqual({ ok: true, result: { presets: [] } });
    const refused = await client.call('presets.save', { name: '' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });

    const saved = await client.call('presets.save', { name: 'kept', source: { kind: 'demo' }, filters: {} });
    expect(saved.ok).toBe(true);
    // The engine process dies; the next call reaches a fresh one that reads the same data folder.
    const exited = new Promise<void>((r) => client.process!.onExit(() => r()));
    client.process!.kill();
    await exited;
    const after = await client.call('presets.list', {});
    expect(after).toMatchObject({ ok: true, result: { presets: [{ name: 'kept' }] } });
  });

  it('asks main to show a written report in the file manager', { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'logdesk-host-'));
    const revealed: string[] = [];
    const client = new EngineClient(nodeHost(dataDir, SHARED_CACHE), memorySecrets(), quiet, (path) =>
      revealed.push(path),
    );
    clients.push(client);
    const run = await client.call('investigation.run', { source: { kind: 'demo' }, filters: { limit: 5 } });
    expect(run.ok).toBe(true);
    const id = (run as { result: { id: string } }).result.id;
    const outDir = mkdtempSync(join(tmpdir(), 'logdesk-reveal-'));
    const report = await client.call('report.export', { investigationId: id, outDir });
    const dir = (report as { result: { dir: string } }).result.dir;
    expect(await client.call('report.reveal', { path: dir })).toEqual({
      ok: true,
      result: { revealed: true, path: dir },
    });
    expect(revealed).toEqual([dir]);
    // Anything the engine did not write is refused before main hears of it.
    expect(await client.call('report.reveal', { path: '/etc' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(revealed).toEqual([dir]);
  });

  it('fails the calls in flight with a clear reason when the engine dies under them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'logdesk-host-'));
    const client = new EngineClient(nodeHost(dataDir), memorySecrets(), quiet);
    clients.push(client);
    await client.call('presets.list', {});
    // The demo takes seconds to prepare: the call is surely in flight when the process is killed.
    const inFlight = client.call('investigation.run', { source: { kind: 'demo' } });
    await new Promise((r) => setTimeout(r, 100));
    client.process!.kill();
    expect(await inFlight).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringMatching(/stopped unexpectedly/) },
    });
  });
});

describe('secrets encrypted through the OS keychain (safeStorage)', () => {
  const key = randomBytes(32);
  const aes: Cipher = {
    available: () => true,
    encrypt: (plain) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt: (buf) => {
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };

  it('stores only ciphertext, reads it back, deletes it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logdesk-secrets-')), 'secrets.json');
    const store = createEncryptedSecretStore(file, aes, 'test keychain');
    await store.set('profile.prod.dbPassword', 'hunter2-very-secret');
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2');
    expect(await store.get('profile.prod.dbPassword')).toBe('hunter2-very-secret');
    await store.delete('profile.prod.dbPassword');
    expect(await store.get('profile.prod.dbPassword')).toBeUndefined();
  });

  it('refuses to save without a keychain rather than writing plain text', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logdesk-secrets-')), 'secrets.json');
    const store = createEncryptedSecretStore(file, { ...aes, available: () => false }, 'none');
    await expect(store.set('x', 'plain')).rejects.toThrow(/No OS keychain/);
  });

  it('keeps the engine process’s secrets in main’s store, never in the engine’s files', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'logdesk-host-'));
    const secrets = memorySecrets();
    const client = new EngineClient(nodeHost(dataDir), secrets, quiet);
    clients.push(client);
    const profile = {
      name: 'prod',
      transport: 'direct',
      db: { host: 'db.internal', database: 'litellm', user: 'reader' },
    };
    const saved = await client.call('profiles.save', { profile, secrets: { dbPassword: 'hunter2-relayed' } });
    expect(saved).toMatchObject({ ok: true, result: { hasSecret: { dbPassword: true } } });
    // The engine asked main to store it (set), and reads it back through main (get) for the summary.
    expect([...secrets.map.values()]).toEqual(['hunter2-relayed']);
    const listed = await client.call('profiles.list', {});
    expect(listed).toMatchObject({ ok: true, result: { profiles: [{ hasSecret: { dbPassword: true } }] } });
    expect(readFileSync(join(dataDir, 'profiles.json'), 'utf8')).not.toContain('hunter2');
    await client.call('profiles.remove', { name: 'prod' });
    expect(secrets.map.size).toBe(0);
  });
});
