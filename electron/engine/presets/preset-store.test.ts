import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import { createEngine, type Engine } from '../engine.ts';
import { nodePlatform } from '../platform/node-platform.ts';

let home: string;
let engine: Engine;
const dataDir = () => join(home, 'data');
const presetsFile = () => join(dataDir(), 'presets.json');
const filters = Filters.parse({
  timeRange: { kind: 'relative', last: '6h' },
  keyAliases: ['support-bot'],
  models: ['gpt-4o'],
});

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'logdesk-home-'));
  engine = createEngine(nodePlatform({ LOGDESK_HOME: home }));
});
afterEach(async () => engine.close());

describe('presets', () => {
  it('saves, lists, renames and removes, keeping a relative range relative', async () => {
    expect((await engine.call('presets.list', {})).presets).toEqual([]);
    const saved = await engine.call('presets.save', {
      name: '  Support incident ',
      source: { kind: 'demo' },
      filters,
    });
    expect(saved.name).toBe('Support incident');
    await engine.call('presets.save', {
      name: 'all errors',
      source: { kind: 'demo' },
      filters: Filters.parse({}),
    });
    const listed = (await engine.call('presets.list', {})).presets;
    expect(listed.map((p) => p.name)).toEqual(['all errors', 'Support incident']);
    expect(listed[1]!.filters.timeRange).toEqual({ kind: 'relative', last: '6h' });
    expect(listed[1]!.filters.keyAliases).toEqual(['support-bot']);

    // A fresh engine (an app restart) reads the same presets back from disk.
    const again = createEngine(nodePlatform({ LOGDESK_HOME: home }));
    expect((await again.call('presets.list', {})).presets).toEqual(listed);
    await again.close();

    const renamed = await engine.call('presets.rename', { from: 'Support incident', to: 'Azure 429s' });
    expect(renamed.filters).toEqual(listed[1]!.filters);
    expect((await engine.call('presets.list', {})).presets.map((p) => p.name)).toEqual([
      'all errors',
      'Azure 429s',
    ]);
    expect(await engine.call('presets.remove', { name: 'all errors' })).toEqual({ removed: true });
    expect(await engine.call('presets.remove', { name: 'all errors' })).toEqual({ removed: false });
    expect((await engine.call('presets.list', {})).presets.map((p) => p.name)).toEqual(['Azure 429s']);
  });

  it('refuses a duplicate name (case-insensitively) unless asked to replace it', async () => {
    await engine.call('presets.save', { name: 'Night', source: { kind: 'demo' }, filters });
    await expect(
      engine.call('presets.save', { name: 'night', source: { kind: 'demo' }, filters }),
    ).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: expect.stringContaining('"Night" already exists'),
    });
    const replaced = await engine.call('presets.save', {
      name: 'night',
      source: { kind: 'demo' },
      filters: Filters.parse({ models: ['claude'] }),
      overwrite: true,
    });
    const all = (await engine.call('presets.list', {})).presets;
    expect(all).toHaveLength(1);
    expect(all[0]).toEqual(replaced);
    await expect(engine.call('presets.rename', { from: 'missing', to: 'x' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      engine.call('presets.save', { name: '   ', source: { kind: 'demo' }, filters }),
    ).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: expect.stringContaining('name: a preset needs a name'),
    });
  });

  it('never writes a password to the presets file, which only its owner can read', async () => {
    await engine.call('presets.save', {
      name: 'prod',
      source: { kind: 'url', url: 'postgres://reader:hunter2-secret@db.internal:5432/litellm' },
      filters,
    });
    const text = readFileSync(presetsFile(), 'utf8');
    expect(text).not.toContain('hunter2');
    const [preset] = (await engine.call('presets.list', {})).presets;
    expect(preset!.source).toEqual({ kind: 'url', url: 'postgres://reader@db.internal:5432/litellm' });
    expect(statSync(presetsFile()).mode & 0o077).toBe(0);
  });

  it('keeps every preset when many are saved at once, leaving no temp file', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    await Promise.all(
      names.map((name) => engine.call('presets.save', { name, source: { kind: 'demo' }, filters })),
    );
    expect((await engine.call('presets.list', {})).presets.map((p) => p.name)).toEqual(names);
    expect(readdirSync(dataDir()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('moves a damaged presets file aside instead of overwriting it', async () => {
    await engine.call('presets.save', { name: 'first', source: { kind: 'demo' }, filters });
    writeFileSync(presetsFile(), '{"version":1,"presets":[{"name":');
    expect((await engine.call('presets.list', {})).presets).toEqual([]);
    const aside = readdirSync(dataDir()).filter((f) => f.startsWith('presets.json.damaged-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dataDir(), aside[0]!), 'utf8')).toContain('"presets":[{"name":');
    await engine.call('presets.save', { name: 'second', source: { kind: 'demo' }, filters });
    expect((await engine.call('presets.list', {})).presets.map((p) => p.name)).toEqual(['second']);
  });
});
