import { AppError } from '../../../shared/errors.ts';
import {
  DEFAULT_STATEMENT_TIMEOUT_MS,
  type Database,
  type ReadOptions,
  type SqlParam,
  type SqlRunner,
  type StreamedPages,
} from './database.ts';
import { sqliteDriver } from './sqlite-driver.ts';
import { SqliteWorker } from './sqlite-worker.ts';

const cancelled = () => new AppError('CANCELLED', 'The query was cancelled');

/**
 * A SQLite file opened read-only (read-only open flag and `PRAGMA query_only`) by native SQLite in a
 * worker thread: it honours the file's locks (never reads a writer's uncommitted pages, shares the
 * file with any number of readers) and creates nothing beside it (in WAL mode only SQLite's own
 * `-wal`/`-shm`, as every reader does). A statement past its timeout, or cancelled, fails at once and
 * its worker is retired; the next read opens a new one.
 */
export class SqliteDatabase implements Database {
  readonly description: string;
  readonly dialect = 'sqlite' as const;
  private worker: SqliteWorker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private streams = 0;
  private readonly driver = sqliteDriver();

  /** `statementTimeoutMs`: how long one statement may run before its worker is stopped (default 30 s). */
  constructor(
    private readonly file: string,
    private readonly statementTimeoutMs = DEFAULT_STATEMENT_TIMEOUT_MS,
  ) {
    this.description = `sqlite://${file}`;
  }

  private current(): SqliteWorker {
    // A writer's lock is waited for most of a statement's time, so "locked by a writer" says why, not "timeout".
    const busyMs = Math.round(this.statementTimeoutMs * 0.75);
    if (!this.worker || this.worker.dead)
      this.worker = new SqliteWorker(this.file, this.driver, this.description, busyMs);
    return this.worker;
  }

  readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    // One connection: reads take turns, each in its own snapshot (BEGIN … COMMIT).
    const next = this.queue.then(() => this.read(work, options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async read<T>(work: (sql: SqlRunner) => Promise<T>, options: ReadOptions): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    const worker = this.current();
    await worker.ready;
    const onAbort = () => worker.retire(cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = options.timeoutMs ?? this.statementTimeoutMs;
    const timed = async (answer: () => Promise<Record<string, unknown>[]>) => {
      const timer = setTimeout(
        () =>
          worker.retire(
            new AppError('TIMEOUT', `The query ran past its statement timeout on ${this.description}`),
          ),
        timeoutMs,
      );
      try {
        return await answer();
      } finally {
        clearTimeout(timer);
      }
    };
    const statement = (sql: string, params: readonly SqlParam[] = []) => timed(() => worker.run(sql, params));
    // One execution read a page at a time: re-running the statement per page (OFFSET) scanned the table once a page.
    const stream = (sql: string, params: readonly SqlParam[], pageSize: number): StreamedPages => {
      // Ids are unique for the worker's life, not per session: a later read never meets an earlier one's statement.
      const id = ++this.streams;
      let done = false;
      return {
        next: async () => {
          if (done) return [];
          const rows = await timed(() => worker.page(id, sql, params, pageSize));
          if (rows.length < pageSize) done = true;
          return rows;
        },
        drain: async () => {
          if (!done && !worker.dead) await timed(() => worker.drain(id));
          done = true;
        },
      };
    };
    try {
      await statement('BEGIN');
      const value = await work({
        query: async <R extends Record<string, unknown>>(sql: string, params?: readonly SqlParam[]) =>
          (await statement(sql, params)) as R[],
        stream,
      });
      await statement('COMMIT');
      return value;
    } catch (err) {
      if (!worker.dead) await statement('ROLLBACK').catch(() => undefined);
      if (signal?.aborted) throw cancelled();
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    this.worker?.retire(new AppError('CANCELLED', 'closed'));
    this.worker = null;
  }
}
