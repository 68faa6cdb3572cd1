import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { createEngine, type Engine } from '../engine.ts';
import { destroyPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { sharedTestPostgres } from '../../test-support/shared-postgres.ts';
import { loadReportFixture, REPORT_RANGE } from '../../test-support/report-fixture.ts';
import { testPlatform } from '../../test-support/test-platform.ts';

/**
 * The fault suite's report folders: special, read-only and full (a 1 MB tmpfs). Each export fails at
 * once with the reason, leaves no file behind, and the next export after recovery succeeds in the
 * same engine. Mounting needs root, which the test machines and CI run as.
 */
let server: TestPostgres;
let engine: Engine;
let investigationId = '';
const mounts: string[] = [];

beforeAll(async () => {
  server = sharedTestPostgres();
  await server.createDatabase('gateway');
  const client = new pg.Client({ connectionString: server.url('gateway') });
  await client.connect();
  // Enough rows for a CSV well over 1 MB.
  await loadReportFixture((sql, params) => client.query(sql, params as unknown[]), 6_000);
  await client.end();
  engine = createEngine(testPlatform());
  const result = await engine.call('investigation.run', {
    source: { kind: 'url', url: server.url('gateway') },
    filters: { timeRange: { kind: 'absolute', ...REPORT_RANGE }, limit: 20 },
  });
  investigationId = result.id;
});

afterAll(async () => {
  await engine?.close();
  for (const dir of mounts) {
    try {
      execFileSync('umount', [dir]);
    } catch {
      // already unmounted
    }
    rmSync(dir, { recursive: true, force: true });
  }
  if (server) await destroyPostgres(server);
});

function tmpfs(size: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'logdesk-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

const exportTo = (outDir: string) => engine.call('report.export', { investigationId, outDir });
const failure = (outDir: string) =>
  exportTo(outDir).then(
    () => null,
    (e: unknown) => e as AppError,
  );

/** Every file under `dir`, hidden ones too. */
function allFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

describe('report folders that cannot hold a report', () => {
  it('refuses a folder under /proc at once instead of spinning, then exports elsewhere', async () => {
    const started = Date.now();
    const err = await failure('/proc/nope');
    // At once, not spinning: the bound only leaves room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(err).toBeInstanceOf(AppError);
    expect(err!.code).toBe('WRITE_FAILED');
    expect(err!.message).toMatch(
      /Cannot write the report into \/proc\/nope\/\d{4}-\d{2}-\d{2}: .*proc.*cannot hold files/,
    );
    expect(existsSync('/proc/nope')).toBe(false);
    const ok = await exportTo(mkdtempSync(join(tmpdir(), 'logdesk-after-proc-')));
    expect(ok.files.length).toBeGreaterThan(4);
  }, 15_000);

  it('refuses a folder under /sys and a path through /dev/null with the reason', async () => {
    expect((await failure('/sys/nope'))!.message).toMatch(
      /sysfs kernel file system, which cannot hold files/,
    );
    expect((await failure('/dev/null/reports'))!.message).toMatch(
      /a part of the path is a file, not a folder/,
    );
  }, 15_000);

  it('says the file system is read-only, leaves nothing, and succeeds once it is writable again', async () => {
    const dir = tmpfs('8m');
    execFileSync('mount', ['-o', 'remount,ro', dir]);
    const err = await failure(dir);
    expect(err!.code).toBe('WRITE_FAILED');
    expect(err!.message).toMatch(/the file system is read-only/);
    execFileSync('mount', ['-o', 'remount,rw', dir]);
    expect(allFiles(dir)).toEqual([]);
    const ok = await exportTo(dir);
    expect(readdirSync(ok.dir).sort()).toEqual([...ok.files].sort());
  });

  it('says the disk is full (not "Query failed … ENOSPC") mid-CSV, leaves no partial file, then succeeds with room', async () => {
    const dir = tmpfs('300k');
    const err = await failure(dir);
    expect(err!.code).toBe('WRITE_FAILED');
    expect(err!.message).toMatch(/Cannot write the report into .*: the disk is full/);
    expect(err!.message).not.toMatch(/Query failed|ENOSPC/);
    expect(allFiles(dir)).toEqual([]);
    execFileSync('mount', ['-o', 'remount,size=32m', dir]);
    const ok = await exportTo(dir);
    expect(ok.csvRows).toBeGreaterThan(6_000);
  });
});

describe('a folder that can never hold the report', () => {
  it('is refused before the source is read again: the answer does not wait on insights, traffic or health', async () => {
    await server.createDatabase('gone');
    const client = new pg.Client({ connectionString: server.url('gone') });
    await client.connect();
    await loadReportFixture((sql, params) => client.query(sql, params as unknown[]), 50);
    await client.end();
    const own = createEngine(testPlatform());
    try {
      const { id } = await own.call('investigation.run', {
        source: { kind: 'url', url: server.url('gone') },
        filters: { timeRange: { kind: 'absolute', ...REPORT_RANGE }, limit: 20 },
      });
      // Nothing left to read: an export that reads before it checks the folder fails on the source instead.
      await server.exec(`DROP DATABASE "${server.databaseName('gone')}" WITH (FORCE)`);
      const err = await own.call('report.export', { investigationId: id, outDir: '/proc/nope' }).then(
        () => null,
        (e: unknown) => e as AppError,
      );
      expect(err?.code).toBe('WRITE_FAILED');
      expect(err?.message).toMatch(
        /^Cannot write the report into \/proc\/nope\/\d{4}-\d{2}-\d{2}: .*proc kernel file system/,
      );
    } finally {
      await own.close();
    }
  });
});

describe('temp files a crashed export left behind', () => {
  it("are removed by the next export into that folder; a live writer's are kept", async () => {
    const out = mkdtempSync(join(tmpdir(), 'logdesk-stale-'));
    const first = await exportTo(out);
    const dead = join(first.dir, '.errors.0123456789ab.999999999.tmp');
    const legacy = join(first.dir, '.errors.ba9876543210.tmp');
    const fresh = join(first.dir, `.errors.aaaaaaaaaaaa.${process.ppid}.tmp`);
    writeFileSync(dead, 'x'.repeat(100_000));
    writeFileSync(legacy, 'left by an older version');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(legacy, hourAgo, hourAgo);
    writeFileSync(fresh, 'a live process is still writing this');
    mkdirSync(join(first.dir, 'keep'), { recursive: true });
    await exportTo(out);
    const names = readdirSync(first.dir);
    expect(names).not.toContain('.errors.0123456789ab.999999999.tmp');
    expect(names).not.toContain('.errors.ba9876543210.tmp');
    expect(names).toContain(`.errors.aaaaaaaaaaaa.${process.ppid}.tmp`);
  });
});
