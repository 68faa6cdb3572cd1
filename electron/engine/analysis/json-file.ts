import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { AppError, describeZodError } from '../../../shared/errors.ts';

/** Reads a JSON file written by the engine, checked with `schema`; null when it does not exist. */
export async function readJsonFile<T extends z.ZodType>(path: string, schema: T): Promise<z.output<T> | null> {
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
  if (!parsed.success) throw new AppError('BAD_ARGUMENT', `${path}: ${describeZodError(parsed.error, 'file')}`);
  return parsed.data;
}

/** Writes JSON atomically (temp file + rename), so a crash never leaves half a settings file. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, path);
  } catch (err) {
    throw new AppError('WRITE_FAILED', `Cannot write ${path}: ${(err as Error).message}`);
  }
}
