import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { AppError, describeZodError } from '../../../shared/errors.ts';

/** Reads a JSON file written by the engine, checked with `schema`; null when it does not exist. */
export async function readJsonFile<T extends z.ZodType>(
  path: string,
  schema: T,
): Promise<z.output<T> | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('INTERNAL', `Cannot read ${path}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError('BAD_ARGUMENT', `${path} is not valid JSON: fix or delete it`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new AppError('BAD_ARGUMENT', `${path}: ${describeZodError(parsed.error, 'file')}`);
  return parsed.data;
}

/**
 * Writes an engine settings file (presets, prices, last report location…) atomically: temp file,
 * fsync, rename — a crash never leaves half a file, and the file is readable by its owner only.
 */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    const handle = await open(tmp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new AppError('WRITE_FAILED', `Cannot write ${path}: ${(err as Error).message}`);
  }
}
