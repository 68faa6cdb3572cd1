import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { ensureRendererBuild, sourceFingerprint, stampRendererBuild } from './renderer-build.ts';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

function fakeRepo(): string {
  root = mkdtempSync(join(tmpdir(), 'logdesk-renderer-build-'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'main.tsx'), 'export {};\n');
  mkdirSync(join(root, 'out', 'renderer'), { recursive: true });
  writeFileSync(
    join(root, 'out', 'renderer', 'index.html'),
    '<!doctype html><title>built by electron-vite</title>',
  );
  return root;
}

it('serves a build that `npm run build` stamped instead of building it again', async () => {
  const repo = fakeRepo();
  stampRendererBuild(repo);
  const build = await ensureRendererBuild(repo);
  expect(build).toMatchObject({ dir: join(repo, 'out', 'renderer'), built: false });
});

it('a source changed after the stamp makes the build stale', () => {
  const repo = fakeRepo();
  stampRendererBuild(repo);
  const stamped = sourceFingerprint(repo);
  const later = new Date(Date.now() + 5_000);
  utimesSync(join(repo, 'renderer', 'main.tsx'), later, later);
  expect(sourceFingerprint(repo)).not.toBe(stamped);
});

it('refuses to stamp a folder with no build in it', () => {
  const repo = fakeRepo();
  rmSync(join(repo, 'out', 'renderer', 'index.html'));
  expect(() => stampRendererBuild(repo)).toThrow(/No renderer build in .*out\/renderer/);
});
