import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import type { SqlParam } from './database.ts';
import { SQLITE } from '../sql/dialects/sqlite.ts';
import type { SqliteDriver } from './sqlite-driver.ts';
import { SQLITE_WORKER_SOURCE } from './sqlite-worker-source.ts';

interface Reply {
  id?: number;
  ready?: boolean;
  rows?: Record<string, unknown>[];
  message?: string;
}

const bound = (params: readonly SqlParam[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

/**
 * One worker thread with its connection. `retire` answers the caller at once; the thread itself is
 * terminated only while it runs no statement: a native step cannot be interrupted (better-sqlite3
 * and node:sqlite expose no sqlite3_interrupt), and terminating a thread whose step then raises an
 * error aborts the whole process. So a retired thread finishes its step unobserved, then ends.
 */
export class SqliteWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (rows: Record<string, unknown>[]) => void; reject: (e: Error) => void }
  >();
  /** Statements (and the opening) the thread is busy with. */
  private inFlight = 1;
  readonly ready: Promise<void>;
  dead: Error | null = null;

  constructor(file: string, driver: SqliteDriver, where: string, busyMs: number) {
    const mapError = (message: string) => SQLITE.mapError(new Error(message), where, { busyMs });
    this.worker = new Worker(SQLITE_WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, busyMs, readOnlyBegin: SQLITE.readOnlyBegin },
    });
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('message', (m: Reply) =>
        m.ready ? resolve() : reject(mapError(m.message ?? 'cannot open')),
      );
      this.worker.once('error', (e) => reject(mapError(e.message)));
    });
    this.ready.catch(() => undefined);
    this.worker.on('message', (m: Reply) => {
      this.inFlight--;
      if (this.dead && this.inFlight === 0) void this.worker.terminate();
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (!w) return;
      if (m.rows) w.resolve(m.rows);
      else w.reject(mapError(m.message ?? 'unknown error'));
    });
    this.worker.on('exit', () => {
      this.inFlight = 0;
      this.retire(new AppError('CONNECTION_FAILED', `The SQLite reader of ${where} stopped`));
    });
  }

  run(sql: string, params: readonly SqlParam[]): Promise<Record<string, unknown>[]> {
    return this.send({ sql, params: bound(params) });
  }

  /** The next page of a statement's rows (`stream` names it; the first call starts it); [] at its end. */
  page(
    stream: number,
    sql: string,
    params: readonly SqlParam[],
    pageSize: number,
  ): Promise<Record<string, unknown>[]> {
    return this.send({ stream, sql, params: bound(params), pageSize });
  }

  /** Closes a stream's statement before its end. */
  drain(stream: number): Promise<Record<string, unknown>[]> {
    return this.send({ drain: stream });
  }

  private send(message: object): Promise<Record<string, unknown>[]> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.inFlight++;
      this.worker.postMessage({ id, ...message });
    });
  }

  /** Fails every waiting statement with `reason` now; the thread ends once its current step is done. */
  retire(reason: Error): void {
    if (!this.dead) this.dead = reason;
    for (const w of this.waiting.values()) w.reject(reason);
    this.waiting.clear();
    if (this.inFlight === 0) void this.worker.terminate();
  }
}
