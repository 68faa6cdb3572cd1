import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../../../shared/errors.ts';

/** Where a streamed file's writer puts its text; chunks are buffered and written in large blocks. */
export interface FileSink {
  write(chunk: string | Buffer): Promise<void>;
}

/** Writes a file piece by piece (a CSV of every matching error) instead of building it in memory. */
export type StreamedContent = (sink: FileSink) => Promise<void>;

export interface PendingFile {
  /** Name before the run stamp, e.g. `error_logs_full`. */
  base: string;
  /** Extension without the dot, e.g. `json`. */
  ext: string;
  /** Text, bytes, or a writer; writers run one after another in list order. */
  content: string | Buffer | StreamedContent;
}

const FLUSH_BYTES = 256 * 1024;

/** Creates `path` (never an existing file), fills it and flushes it to disk before it is published. */
async function writeTemp(path: string, content: PendingFile['content']): Promise<void> {
  const handle = await open(path, 'wx', 0o644);
  try {
    if (typeof content !== 'function') {
      await handle.writeFile(content);
    } else {
      let pending: Buffer[] = [];
      let size = 0;
      const flush = async () => {
        if (size === 0) return;
        const block = Buffer.concat(pending, size);
        pending = [];
        size = 0;
        await handle.write(block);
      };
      await content({
        write: async (chunk) => {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
          pending.push(bytes);
          size += bytes.length;
          if (size >= FLUSH_BYTES) await flush();
        },
      });
      await flush();
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` and `HHMMSS` in the machine's local time, as the report folder names them (DESIGN §5). */
export function localStamp(date: Date): { day: string; time: string } {
  return {
    day: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    time: `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Links `tmp` to `final` without ever replacing an existing file; the caller removes `tmp`. */
async function publish(tmp: string, final: string): Promise<void> {
  try {
    await link(tmp, final);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Filesystems without hard links (FAT, some network shares): check, then rename.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV' || code === 'ENOSYS') {
      if (await exists(final)) throw Object.assign(new Error(`${final} exists`), { code: 'EEXIST' });
      await rename(tmp, final);
      return;
    }
    throw err;
  }
}

function writeError(dir: string, err: unknown): AppError {
  const e = err as NodeJS.ErrnoException;
  const reason =
    e.code === 'EACCES' || e.code === 'EPERM'
      ? 'permission denied'
      : e.code === 'ENOSPC'
        ? 'the disk is full'
        : e.code === 'EROFS'
          ? 'the file system is read-only'
          : e.code === 'ENOTDIR'
            ? 'a part of the path is a file, not a folder'
            : e.message;
  return new AppError('WRITE_FAILED', `Cannot write the report into ${dir}: ${reason}`);
}

/** Removes the folders this run created, from `dir` up to `top`, as long as they are empty. */
async function removeEmptyFolders(dir: string, top: string): Promise<void> {
  for (let current = resolve(dir); ; current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    if (current === resolve(top) || dirname(current) === current) return;
  }
}

/**
 * Writes every file of one report run into `dir` as `BASE_STAMP.EXT`, all or nothing: each file is
 * written to a temporary name first, then linked into place; an existing file is never replaced —
 * a run whose names are taken gets `STAMP_2`, `STAMP_3`… On failure or cancel nothing of this run is left behind.
 */
export async function writeFilesAtomically(
  dir: string,
  stamp: string,
  files: readonly PendingFile[],
  { signal }: { signal?: AbortSignal | undefined } = {},
) {
  const checkCancelled = () => {
    if (signal?.aborted) throw new AppError('CANCELLED', 'The export was cancelled; nothing was written');
  };
  let created: string | undefined;
  try {
    created = await mkdir(dir, { recursive: true });
  } catch (err) {
    throw writeError(dir, err);
  }
  const temps: string[] = [];
  const published: string[] = [];
  try {
    for (const file of files) {
      checkCancelled();
      const tmp = join(dir, `.${file.base}.${randomBytes(6).toString('hex')}.tmp`);
      temps.push(tmp);
      await writeTemp(tmp, file.content);
    }
    checkCancelled();
    for (let attempt = 1; attempt < 1000; attempt++) {
      const runStamp = attempt === 1 ? stamp : `${stamp}_${attempt}`;
      const names = files.map((f) => `${f.base}_${runStamp}.${f.ext}`);
      if ((await Promise.all(names.map((n) => exists(join(dir, n))))).some(Boolean)) continue;
      try {
        for (const [i, name] of names.entries()) {
          await publish(temps[i]!, join(dir, name));
          published.push(join(dir, name));
        }
        return { dir, stamp: runStamp, files: names };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // Another run took a name between our check and our link: undo and try the next stamp.
        await Promise.all(published.splice(0).map((p) => unlink(p).catch(() => undefined)));
      }
    }
    throw new Error('no free report name after 999 attempts');
  } catch (err) {
    await Promise.all(published.map((p) => unlink(p).catch(() => undefined)));
    await Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
    if (created !== undefined) await removeEmptyFolders(dir, created);
    // A writer's own failure (a cancelled or failed query) is not a write failure: keep its code.
    if (err instanceof AppError) throw err;
    throw writeError(dir, err);
  } finally {
    await Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
  }
}
