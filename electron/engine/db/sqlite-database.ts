import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import { DEFAULT_STATEMENT_TIMEOUT_MS, type Database, type ReadOptions, type SqlParam, type SqlRunner } from './database.ts';

/**
 * The worker that owns the SQLite connection. SQLite runs synchronously, so it lives off the event
 * loop; terminating the worker is what stops a statement that runs too long or is cancelled (WASM
 * code stops at the next loop edge). Plain JS evaluated as is: no loader needed in tests or Electron.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Database } = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { readOnly: true, fileMustExist: true });
  db.exec('PRAGMA query_only = ON');
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ ready: false, message: String(err && err.message || err) });
}
parentPort.on('message', ({ id, sql, params }) => {
  try {
    const rows = db.all(sql, params);
    parentPort.postMessage({ id, rows });
  } catch (err) {
    parentPort.postMessage({ id, message: String(err && err.message || err) });
  }
});
`;

interface Reply {
  id?: number;
  ready?: boolean;
  rows?: Record<string, unknown>[];
  message?: string;
}

const cancelled = () => new AppError('CANCELLED', 'The query was cancelled');

function mapSqliteError(message: string, where: string): AppError {
  if (/no such table|no such column/i.test(message)) return new AppError('SCHEMA_MISSING', `${message} in ${where}`);
  if (/readonly|read-only|query_only/i.test(message)) return new AppError('QUERY_FAILED', `Refused: ${where} is opened read-only (${message})`);
  if (/unable to open|not a database|no such file/i.test(message)) return new AppError('CONNECTION_FAILED', `Cannot open ${where}: ${message}`);
  return new AppError('QUERY_FAILED', `Query failed on ${where}: ${message}`);
}

/** One worker with its connection; replaced after a kill. */
class SqliteWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (rows: Record<string, unknown>[]) => void; reject: (e: Error) => void }>();
  readonly ready: Promise<void>;
  dead: Error | null = null;

  constructor(file: string, driver: string, where: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (m: Reply) => (m.ready ? resolve() : reject(mapSqliteError(m.message ?? 'cannot open', where))));
      this.worker.once('error', (e) => reject(mapSqliteError(e.message, where)));
    });
    this.worker.on('message', (m: Reply) => {
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!w) return;
      if (m.rows) w.resolve(m.rows);
      else w.reject(mapSqliteError(m.message ?? 'unknown error', where));
    });
    this.worker.on('exit', () => this.kill(new AppError('CONNECTION_FAILED', `The SQLite reader of ${where} stopped`)));
  }

  run(sql: string, params: readonly SqlParam[]): Promise<Record<string, unknown>[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, sql, params: params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p)) });
    });
  }

  kill(reason: Error): void {
    if (!this.dead) this.dead = reason;
    for (const w of this.waiting.values()) w.reject(reason);
    this.waiting.clear();
    void this.worker.terminate();
  }
}

/**
 * A SQLite file opened read-only (`readOnly` open flag and `PRAGMA query_only`), read through
 * node-sqlite3-wasm: no native module, so the same package runs in Node and Electron unrebuilt.
 */
export class SqliteDatabase implements Database {
  readonly description: string;
  readonly dialect = 'sqlite' as const;
  private worker: SqliteWorker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly driver = createRequire(import.meta.url).resolve('node-sqlite3-wasm');

  /** `statementTimeoutMs`: how long one statement may run before its worker is stopped (default 30 s). */
  constructor(
    private readonly file: string,
    private readonly statementTimeoutMs = DEFAULT_STATEMENT_TIMEOUT_MS,
  ) {
    this.description = `sqlite://${file}`;
  }

  private current(): SqliteWorker {
    if (!this.worker || this.worker.dead) this.worker = new SqliteWorker(this.file, this.driver, this.description);
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
    const onAbort = () => worker.kill(cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = options.timeoutMs ?? this.statementTimeoutMs;
    const statement = async (sql: string, params: readonly SqlParam[] = []) => {
      const timer = setTimeout(() => worker.kill(new AppError('TIMEOUT', `The query ran past its statement timeout on ${this.description}`)), timeoutMs);
      try {
        return await worker.run(sql, params);
      } finally {
        clearTimeout(timer);
      }
    };
    try {
      await statement('BEGIN');
      const value = await work({ query: async <R extends Record<string, unknown>>(sql: string, params?: readonly SqlParam[]) => (await statement(sql, params)) as R[] });
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
    this.worker?.kill(new AppError('CANCELLED', 'closed'));
    this.worker = null;
  }
}
