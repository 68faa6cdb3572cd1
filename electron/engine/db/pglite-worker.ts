import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors.ts';
import { PGLITE_WORKER_SOURCE } from './pglite-worker-source.ts';

type Rows<R> = { rows: R[] };

/** What PgliteDatabase needs of a PGlite: PGlite itself, or one running in a worker thread. */
export interface PgliteSession {
  readonly closed: boolean;
  query<R>(sql: string, params?: unknown[]): Promise<Rows<R>>;
  /** Several statements at once (no parameters). */
  exec(sql: string): Promise<unknown>;
  transaction<T>(
    work: (tx: { query<R>(sql: string, params?: unknown[]): Promise<Rows<R>> }) => Promise<T>,
  ): Promise<T>;
  close(): Promise<void>;
}

interface Reply {
  id?: number;
  ready?: boolean;
  rows?: Record<string, unknown>[];
  error?: Record<string, unknown> & { message: string };
}

/**
 * PGlite's CommonJS entry, for the worker to require. In the packaged app PGlite is unpacked beside the
 * asar archive (electron-builder.yml: asarUnpack): the worker loads it from there, files and all.
 */
const PGLITE_PATH = createRequire(import.meta.url)
  .resolve('@electric-sql/pglite')
  .replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');

/** The worker's error as the driver's own shape (message, code, severity…), for the dialect's mapping. */
const driverError = (data: Reply['error']) =>
  Object.assign(new Error(data?.message ?? 'unknown error'), data);

/**
 * A PGlite opened from a snapshot's tar in its own worker thread (db/pglite-worker-source.ts): the
 * engine's thread stays free while PostgreSQL starts and runs statements. Statements go one at a
 * time; a transaction holds the session until it ends, as PGlite's own `transaction` does.
 */
export class PgliteWorker implements PgliteSession {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (rows: Rows<never>) => void; reject: (e: Error) => void }
  >();
  /** The end of the last transaction or statement queued: the next waits for it. */
  private turn: Promise<unknown> = Promise.resolve();
  private dead: Error | null = null;
  private shut = false;

  private constructor(tar: Uint8Array) {
    this.worker = new Worker(PGLITE_WORKER_SOURCE, {
      eval: true,
      workerData: { pglite: PGLITE_PATH, tar },
      transferList: [tar.buffer as ArrayBuffer],
    });
    this.worker.on('message', (m: Reply) => {
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      // Idle, it must not keep the process alive (the CLI exits when its work is done).
      if (this.waiting.size === 0) this.worker.unref();
      if (!w) return;
      if (m.rows) w.resolve({ rows: m.rows as never[] });
      else w.reject(driverError(m.error));
    });
    this.worker.on('error', (e) => this.stop(e));
    this.worker.on('exit', () => this.stop(null));
  }

  /**
   * Opens the tar (moved to the worker: `tar` is unusable here afterwards). Rejects with the error
   * PGlite gave (a corrupt or foreign snapshot) or the thread's own failure.
   */
  static async open(tar: Uint8Array): Promise<PgliteWorker> {
    const worker = new PgliteWorker(tar);
    try {
      await new Promise<void>((resolve, reject) => {
        worker.worker.once('message', (m: Reply) => (m.ready ? resolve() : reject(driverError(m.error))));
        worker.worker.once('error', reject);
        worker.worker.once('exit', () => reject(new Error('the worker thread ended while opening')));
      });
    } catch (err) {
      await worker.worker.terminate();
      throw err;
    }
    worker.worker.unref();
    return worker;
  }

  get closed(): boolean {
    return this.shut || this.dead !== null;
  }

  query<R>(sql: string, params: unknown[] = []): Promise<Rows<R>> {
    return this.inTurn(() => this.send<R>({ op: 'query', sql, params }));
  }

  exec(sql: string): Promise<unknown> {
    return this.inTurn(() => this.send({ op: 'exec', sql }));
  }

  transaction<T>(
    work: (tx: { query<R>(sql: string, params?: unknown[]): Promise<Rows<R>> }) => Promise<T>,
  ): Promise<T> {
    return this.inTurn(async () => {
      const tx = {
        query: <R>(sql: string, params: unknown[] = []) => this.send<R>({ op: 'query', sql, params }),
      };
      await tx.query('BEGIN');
      try {
        const result = await work(tx);
        await tx.query('COMMIT');
        return result;
      } catch (err) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.inTurn(() => this.send({ op: 'close' })).catch(() => undefined);
    this.shut = true;
    await this.worker.terminate();
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work);
    this.turn = run.catch(() => undefined);
    return run;
  }

  private send<R>(message: object): Promise<Rows<R>> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.shut) return Promise.reject(new Error('the embedded database is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (rows: Rows<never>) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ id, ...message });
    });
  }

  /** The thread failed or ended: every statement waiting fails with why, and so does every later one. */
  private stop(err: Error | null): void {
    if (this.shut && !err) return;
    this.dead ??= new AppError(
      'CONNECTION_FAILED',
      `The embedded demo database's thread stopped${err ? `: ${err.message}` : ''}`,
    );
    for (const w of this.waiting.values()) w.reject(this.dead);
    this.waiting.clear();
  }
}
