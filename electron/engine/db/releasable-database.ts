import type { Dialect } from '../../../shared/source-mapping.ts';
import type { Database, ReadOptions, SqlRunner } from './database.ts';

/**
 * A database that can give its memory back while nobody reads it, and opens again on the next read:
 * the embedded demo (PGlite holds ~500 MiB) once the user has moved on to their own database. Whoever
 * holds it keeps a working handle: a read after `release()` simply opens it again.
 */
export class ReleasableDatabase<D extends Database = Database> implements Database {
  private current: Promise<D> | null = null;
  /** The last close, awaited before opening again (two PGlite instances would double the memory). */
  private closing: Promise<void> = Promise.resolve();
  private reads = 0;
  private releaseWhenIdle = false;

  constructor(
    private readonly openDatabase: () => Promise<D>,
    readonly description: string,
    readonly dialect: Dialect,
    readonly rowsAtMost?: number,
  ) {}

  /** The open database, opening it if it is not; cancels a release still waiting for reads to end. */
  opened(): Promise<D> {
    this.keep();
    return this.open();
  }

  /** In use again: a release still waiting for running reads to end is called off. */
  keep(): void {
    this.releaseWhenIdle = false;
  }

  /** Whether it holds an open (or opening) database now. */
  get isOpen(): boolean {
    return this.current !== null;
  }

  async readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options?: ReadOptions): Promise<T> {
    this.reads++;
    try {
      const opening = this.open();
      let db = await opening;
      // Gone under it (the demo's worker thread ended): the read opens it again rather than fail for good.
      if (db.closed) {
        if (this.current === opening) this.closeNow();
        db = await this.open();
      }
      return await db.readOnly(work, options);
    } finally {
      this.reads--;
      if (this.reads === 0 && this.releaseWhenIdle) this.closeNow();
    }
  }

  /** Closes it now if no read runs, else when the last running read ends (unless `opened()` comes first). */
  release(): void {
    if (!this.current) return;
    if (this.reads > 0) this.releaseWhenIdle = true;
    else this.closeNow();
  }

  async close(): Promise<void> {
    this.closeNow();
    await this.closing;
  }

  private open(): Promise<D> {
    if (!this.current) {
      const opening = this.closing.then(() => this.openDatabase());
      // A failed open is not kept: the next read tries again.
      opening.catch(() => {
        if (this.current === opening) this.current = null;
      });
      this.current = opening;
    }
    return this.current;
  }

  private closeNow(): void {
    this.releaseWhenIdle = false;
    const db = this.current;
    this.current = null;
    // A failed open or close leaves nothing to wait for.
    if (db) this.closing = db.then((d) => d.close()).catch(() => undefined);
  }
}
