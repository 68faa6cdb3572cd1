import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, mkdir, open, readdir, rename, rmdir, stat, statfs, unlink } from 'node:fs/promises';
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

/**
 * Temp files being written by this process: removed synchronously if the process exits mid-export
 * (an interrupt handler calls `process.exit`), so no hidden multi-MB file stays behind.
 */
const liveTemps = new Set<string>();
let exitHookInstalled = false;
function trackTemp(path: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const t of liveTemps) {
        try {
          unlinkSync(t);
        } catch {
          // already gone
        }
      }
    });
  }
  liveTemps.add(path);
}

/** `.BASE.HEX.PID.tmp`: the pid tells a later export whether the writer is still alive. */
const TEMP_NAME = /^\.[A-Za-z0-9_]+\.[0-9a-f]{12}(?:\.(\d+))?\.tmp$/;
const LEGACY_TEMP_AGE_MS = 10 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files a crashed or killed export left in `dir`; a live writer's files are kept. */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    if (liveTemps.has(path)) continue;
    const pid = match[1] === undefined ? null : Number(match[1]);
    if (pid !== null && pid !== process.pid && alive(pid)) continue;
    if (pid === null) {
      const info = await stat(path).catch(() => null);
      if (!info || Date.now() - info.mtimeMs < LEGACY_TEMP_AGE_MS) continue;
    }
    await unlink(path).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

/** Creates `path` (never an existing file), fills it and flushes it to disk before it is published. */
async function writeTemp(dir: string, path: string, content: PendingFile['content']): Promise<void> {
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
        try {
          await handle.write(block);
        } catch (err) {
          // Typed here: a streamed writer runs inside a database read, whose error mapping would
          // otherwise call a full disk "Query failed on postgres://…: ENOSPC".
          throw writeError(dir, err);
        }
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
            : e.code === 'EDQUOT'
              ? 'the disk quota is exhausted'
              : e.code === 'ESPECIAL'
                ? e.message
                : e.message;
  return new AppError('WRITE_FAILED', `Cannot write the report into ${dir}: ${reason}`);
}

/** Kernel file systems (statfs f_type) that look like folders but never hold a report. */
const SPECIAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1373, 'devtmpfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
]);

const special = (message: string) => Object.assign(new Error(message), { code: 'ESPECIAL' });

/**
 * `mkdir -p` that cannot spin: Node's recursive mkdir loops forever (at full CPU) under /proc, where
 * mkdir answers ENOENT even though the parent exists. Walks up to the nearest existing folder,
 * refuses kernel file systems, then creates each missing level once. Returns the first folder it created.
 */
async function makeFolders(dir: string): Promise<string | undefined> {
  const missing = await missingFolders(dir);
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && (await stat(folder)).isDirectory()) continue;
      if (code === 'ENOENT')
        throw special(
          `${dirname(folder)} cannot hold folders (a special file system): choose another folder`,
        );
      throw err;
    }
  }
  return missing[0];
}

/** The folders `dir` still lacks, outermost first, after refusing a path through a file or a kernel file system. */
async function missingFolders(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let current = resolve(dir);
  for (;;) {
    try {
      const info = await stat(current);
      if (!info.isDirectory())
        throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      const parent = dirname(current);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw err;
      missing.unshift(current);
      current = parent;
    }
  }
  const kind = SPECIAL_FILE_SYSTEMS.get(Number((await statfs(current).catch(() => null))?.type ?? 0));
  if (kind)
    throw special(
      `${current} is on the ${kind} kernel file system, which cannot hold files: choose another folder`,
    );
  return missing;
}

/**
 * Refuses at once, creating nothing, a folder the report could never be written into (a kernel file
 * system, a file where a folder should be): the export checks it before seconds of reads.
 */
export async function checkReportFolder(dir: string): Promise<void> {
  try {
    await missingFolders(dir);
  } catch (err) {
    throw writeError(dir, err);
  }
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
    created = await makeFolders(dir);
  } catch (err) {
    throw writeError(dir, err);
  }
  await removeStaleTemps(dir);
  const temps: string[] = [];
  const published: string[] = [];
  try {
    for (const file of files) {
      checkCancelled();
      const tmp = join(dir, `.${file.base}.${randomBytes(6).toString('hex')}.${process.pid}.tmp`);
      temps.push(tmp);
      trackTemp(tmp);
      await writeTemp(dir, tmp, file.content);
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
    for (const t of temps) liveTemps.delete(t);
  }
}
