import type { Dialect } from '../../../shared/source-mapping.ts';

/** A value bound to a `$n` placeholder. Arrays bind as `text[]`. */
export type SqlParam = string | number | boolean | null | readonly string[];

export interface SqlRunner {
  query<R extends Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<R[]>;
  /**
   * True when `DECLARE … CURSOR` with `$n` parameters and `FETCH` work in this session (a real
   * PostgreSQL protocol session); psql over exec streams each statement through COPY and cannot.
   */
  readonly cursors?: boolean;
}

export interface ReadOptions {
  /** Server-side statement timeout for each statement of the transaction. */
  timeoutMs?: number;
  /** Aborting cancels the running statement on the server, not just the wait for it. */
  signal?: AbortSignal;
}

/**
 * A LiteLLM database reached by some transport (direct pg, an SSH tunnel, `psql` in a container,
 * the embedded PGlite demo). Every read runs in one read-only, repeatable-read transaction so the
 * totals and the rows of one investigation describe the same snapshot.
 */
export interface Database {
  /** Where it points, safe to show and to write into reports: never holds a secret. */
  readonly description: string;
  /** The SQL it speaks; absent means PostgreSQL (`$n` placeholders). MySQL and SQLite take `?`. */
  readonly dialect?: Dialect;
  readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options?: ReadOptions): Promise<T>;
  close(): Promise<void>;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;
