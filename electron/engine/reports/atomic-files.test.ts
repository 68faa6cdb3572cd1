import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { localStamp, writeFilesAtomically } from './atomic-files.ts';

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
      const err = await writeFilesAtomically(join(base, 'file', 'day'), '000000', files('x')).catch((e: unknown) => e);
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
