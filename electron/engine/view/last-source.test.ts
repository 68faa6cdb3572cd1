import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LastSourceStore } from './last-source.ts';

const log = { info() {}, warn() {}, error() {} };

describe('the last source the app opens on', () => {
  it('keeps demo, a profile name or a URL without password; never a password or URL options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logdesk-last-source-'));
    const store = new LastSourceStore(dir, log);
    expect(await store.get()).toBeNull();
    expect(await store.remember({ kind: 'profile', name: 'prod', statementTimeoutSeconds: 5 })).toBe(true);
    expect(await store.get()).toEqual({ kind: 'profile', name: 'prod' });
    expect(await store.remember({ kind: 'url', url: 'postgres://u:s3cret@db/x' })).toBe(false);
    expect(await store.remember({ kind: 'url', url: 'postgres://db/x?password=s3cret' })).toBe(false);
    expect(readFileSync(join(dir, 'last-source.json'), 'utf8')).not.toContain('s3cret');
    expect(await store.get()).toEqual({ kind: 'profile', name: 'prod' });
    expect(await store.remember({ kind: 'url', url: 'postgres://reader@db/x' })).toBe(true);
    expect(await store.get()).toEqual({ kind: 'url', url: 'postgres://reader@db/x' });
  });

  it('keeps the time range of the last query, so a past incident reopens as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logdesk-last-source-'));
    const store = new LastSourceStore(dir, log);
    const incident = {
      kind: 'absolute' as const,
      from: '2026-03-10T10:00:00.000Z',
      to: '2026-03-10T12:00:00.000Z',
    };
    expect(await store.remember({ kind: 'demo' }, incident)).toBe(true);
    expect(await new LastSourceStore(dir, log).timeRange()).toEqual(incident);
    await store.remember({ kind: 'demo' });
    expect(await store.timeRange()).toBeNull();
  });

  it('opens without a source when the file is damaged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logdesk-last-source-'));
    writeFileSync(join(dir, 'last-source.json'), '{ not json');
    expect(await new LastSourceStore(dir, log).get()).toBeNull();
  });
});
