import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { localStamp, writeFilesAtomically, type PendingFile } from './atomic-files.ts';

const temp = () => mkdtempSync(join(tmpdir(), 'logdesk-atomic-'));

const files = (tag: string) => [
  { base: 'error_logs_full', ext: 'json', content: `full ${tag}` },
  { base: 'query_params', ext: 'json', content: `params ${tag}` },
];

describe('writeFilesAtomically', () => {
  it('names files BASE_STAMP.EXT and gives a later run with the same stamp a suffix instead of overwriting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logdesk-atomic-'));
    const first = await writeFilesAtomically(dir, '101500', files('one'));
    expect(first.files).toEqual(['error_logs_full_101500.json', 'query_params_101500.json']);
    // Only one name of the set is taken: the whole run still moves to the next stamp, keeping its files together.
    writeFileSync(join(dir, 'query_params_101500_2.json'), 'someone else');
    const second = await writeFilesAtomically(dir, '101500', files('two'));
    expect(second.stamp).toBe('101500_3');
    expect(readFileSync(join(dir, 'error_logs_full_101500.json'), 'utf8')).toBe('full one');
    expect(readFileSync(join(dir, 'query_params_101500_2.json'), 'utf8')).toBe('someone else');
    expect(readFileSync(join(dir, 'query_params_101500_3.json'), 'utf8')).toBe('params two');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('leaves nothing behind and says why when the folder cannot be written', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions; a path through a file fails for everyone.
      const base = mkdtempSync(join(tmpdir(), 'logdesk-atomic-'));
      writeFileSync(join(base, 'file'), 'x');
      const err = await writeFilesAtomically(join(base, 'file', 'day'), '000000', files('x')).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('WRITE_FAILED');
      expect((err as AppError).message).toMatch(/a part of the path is a file/);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'logdesk-atomic-'));
    chmodSync(dir, 0o500);
    const err = await writeFilesAtomically(dir, '000000', files('x')).catch((e: unknown) => e);
    expect((err as AppError).message).toMatch(/permission denied/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stamps with the local date and time', () => {
    expect(localStamp(new Date(2026, 0, 2, 3, 4, 5))).toEqual({ day: '2026-01-02', time: '030405' });
  });
});

describe('writeFilesAtomically with streamed content', () => {
  it('streams a large file to disk in blocks, byte for byte', async () => {
    const dir = join(temp(), '2026-03-10');
    const line = 'req-0000,2026-03-10T10:00:00.000Z,gpt-4o,"a, quoted ""cell"""\r\n';
    let chunks = 0;
    const files: PendingFile[] = [
      {
        base: 'errors',
        ext: 'csv',
        content: async (sink) => {
          for (let i = 0; i < 20_000; i++) {
            await sink.write(line);
            chunks++;
          }
        },
      },
      { base: 'report', ext: 'html', content: '<!doctype html>' },
    ];
    const result = await writeFilesAtomically(dir, '101500', files);
    expect(result.files).toEqual(['errors_101500.csv', 'report_101500.html']);
    expect(chunks).toBe(20_000);
    expect(readFileSync(join(dir, 'errors_101500.csv'), 'utf8')).toBe(line.repeat(20_000));
    expect(readdirSync(dir).sort()).toEqual(['errors_101500.csv', 'report_101500.html']);
  });

  it('leaves nothing when a writer fails halfway, not even the dated folder it created', async () => {
    const out = temp();
    const dir = join(out, '2026-03-10');
    const failing: PendingFile[] = [
      { base: 'summary', ext: 'md', content: 'done first' },
      {
        base: 'errors',
        ext: 'csv',
        content: async (sink) => {
          await sink.write('x'.repeat(600_000)); // past one flush, so bytes are on disk
          throw new AppError('QUERY_FAILED', 'the server went away');
        },
      },
    ];
    await expect(writeFilesAtomically(dir, '101500', failing)).rejects.toMatchObject({
      code: 'QUERY_FAILED',
    });
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(out)).toEqual([]);
  });

  it('keeps the folder and earlier reports when a later run fails', async () => {
    const dir = temp();
    await writeFilesAtomically(dir, '101500', [{ base: 'report', ext: 'html', content: 'first' }]);
    const failing: PendingFile = {
      base: 'report',
      ext: 'html',
      content: async () => Promise.reject(new Error('disk gone')),
    };
    await expect(writeFilesAtomically(dir, '101500', [failing])).rejects.toMatchObject({
      code: 'WRITE_FAILED',
    });
    expect(readdirSync(dir)).toEqual(['report_101500.html']);
    expect(readFileSync(join(dir, 'report_101500.html'), 'utf8')).toBe('first');
  });

  it('never overwrites: a second run of the same second gets the next suffix for all its files', async () => {
    const dir = temp();
    const files = (text: string): PendingFile[] => [
      { base: 'report', ext: 'html', content: text },
      { base: 'errors', ext: 'csv', content: async (sink) => sink.write(text) },
    ];
    await writeFilesAtomically(dir, '101500', files('one'));
    const second = await writeFilesAtomically(dir, '101500', files('two'));
    expect(second.stamp).toBe('101500_2');
    expect(readFileSync(join(dir, 'report_101500.html'), 'utf8')).toBe('one');
    expect(readFileSync(join(dir, 'errors_101500_2.csv'), 'utf8')).toBe('two');
  });

  it('stops when cancelled between files and publishes nothing', async () => {
    const dir = join(temp(), 'day');
    const controller = new AbortController();
    const files: PendingFile[] = [
      {
        base: 'errors',
        ext: 'csv',
        content: async (sink) => {
          await sink.write('a');
          controller.abort();
        },
      },
      { base: 'report', ext: 'html', content: 'never' },
    ];
    await expect(
      writeFilesAtomically(dir, '101500', files, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(existsSync(dir)).toBe(false);
  });
});
