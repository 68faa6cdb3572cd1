import type { PGlite } from '@electric-sql/pglite';
import { AppError } from '../../../shared/errors.ts';
import type { Database, ReadOptions, SqlParam, SqlRunner } from './database.ts';
import type { PgliteSession } from './pglite-worker.ts';
import { POSTGRES } from '../sql/dialects/postgres.ts';

/** The embedded PostgreSQL (WASM) that holds the demo dataset: in this thread, or in a worker (PgliteWorker). */
export class PgliteDatabase<S extends PgliteSession = PGlite> implements Database {
  readonly dialect = 'postgres' as const;
  readonly description: string;

  /** Kept across reads when the caller says nothing alters the tables while it is open. */
  private readonly catalogMemo: Map<string, unknown> | undefined;

  constructor(
    readonly db: S,
    description = 'embedded demo database',
    options: { fixedCatalog?: boolean } = {},
  ) {
    this.description = description;
    this.catalogMemo = options.fixedCatalog ? new Map() : undefined;
  }

  static async create(description?: string): Promise<PgliteDatabase> {
    const { PGlite } = await import('@electric-sql/pglite');
    return new PgliteDatabase(await PGlite.create(), description);
  }

  /** Writes (loading the demo) bypass the read-only path; never reachable over the bridge. */
  async exec(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    await this.db.query(sql, params as unknown[]);
  }

  async readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const { signal } = options;
    const cancelled = () => new AppError('CANCELLED', 'The query was cancelled');
    if (signal?.aborted) throw cancelled();
    try {
      // A PGlite statement cannot be interrupted: abort takes effect between statements.
      return await this.db.transaction(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        return work({
          cursors: true,
          ...(this.catalogMemo ? { catalogMemo: this.catalogMemo } : {}),
          query: async <R extends Record<string, unknown>>(sql: string, params: readonly SqlParam[] = []) => {
            if (signal?.aborted) throw cancelled();
            const result = await tx.query<R>(sql, params as unknown[]);
            return result.rows;
          },
        });
      });
    } catch (err) {
      throw POSTGRES.mapError(err, this.description);
    }
  }

  /** Closed, or its worker thread ended: it answers nothing more. */
  get closed(): boolean {
    return this.db.closed;
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
