import type { Dialect } from '../../../shared/source-mapping.ts';
import { AppError } from '../../../shared/errors.ts';

/** A value bound to a `$n` placeholder. Arrays bind as `text[]`. */
export type SqlParam = string | number | boolean | null | readonly string[];

export interface SqlRunner {
  /**
   * Answers about the catalog kept for the database's life, where nothing can change its tables
   * while it is open (the embedded demo): the catalog checks of each read are then made once.
   */
  readonly catalogMemo?: Map<string, unknown>;
  query<R extends Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<R[]>;
  /**
   * True when `DECLARE … CURSOR` with `$n` parameters and `FETCH` work in this session (a real
   * PostgreSQL protocol session); psql over exec streams each statement through COPY and cannot.
   */
  readonly cursors?: boolean;
  /**
   * Runs one SELECT whose rows arrive in pages while it still runs (psql over exec: one COPY), for
   * sessions without cursors: a full read executes the query once instead of once per page.
   */
  stream?(sql: string, params: readonly SqlParam[], pageSize: number): StreamedPages;
  /**
   * Runs one statement and hands its first row over as soon as it arrives, the rest when it ends
   * (or, with `onRow`, each as it arrives, none kept: `rest` then ends empty): one execution that may
   * use a parallel plan (a cursor's may not). The session runs nothing else until it ends. Present
   * where the driver streams rows (node-postgres). `onRow` must not throw.
   */
  firstThenRest?<R extends Record<string, unknown>>(
    sql: string,
    params: readonly SqlParam[],
    onRow?: (row: R) => void,
  ): { first: Promise<R | undefined>; rest: Promise<R[]> };
  /**
   * Runs one statement under its own, shorter statement timeout inside a savepoint: null when that
   * timeout ended it, the transaction going on unharmed. Absent where an error ends the session
   * (psql over exec runs with ON_ERROR_STOP).
   */
  bounded?<R extends Record<string, unknown>>(
    sql: string,
    params: readonly SqlParam[],
    timeoutMs: number,
  ): Promise<R[] | null>;
}

export interface StreamedPages {
  /** The next page of rows; an empty one at the end. */
  next(): Promise<Record<string, unknown>[]>;
  /** Drops what is left unread, so the session can go on. */
  drain(): Promise<void>;
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
  /** The SQL it speaks (sql/dialects/: placeholders, catalog, literals, read-only preamble). */
  readonly dialect: Dialect;
  /**
   * At most this many rows in all its tables together, where that is known in advance (the embedded
   * demo's generated week): no statement reads more, so the large-scan guard needs no EXPLAIN.
   */
  readonly rowsAtMost?: number;
  /** True once it answers nothing more (closed, or its worker thread ended), where it can end under its holder. */
  readonly closed?: boolean;
  readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options?: ReadOptions): Promise<T>;
  close(): Promise<void>;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/**
 * How long the client waits for any answer: just beyond the server's statement timeout, which a
 * frozen backend (kill -STOP), a dead network or a hung container can never enforce.
 */
export function clientDeadlineMs(statementTimeoutMs: number): number {
  return statementTimeoutMs + Math.max(2_000, Math.round(statementTimeoutMs * 0.1));
}

export function noAnswerError(deadlineMs: number, where: string): AppError {
  return new AppError(
    'TIMEOUT',
    `No answer from the server for ${Math.round(deadlineMs / 1000)} s (${where}): it may be frozen or unreachable; the read was abandoned and its connection closed`,
  );
}

/** Runs `work`, or gives up after `deadlineMs`: `onExpire` then tears the connection down. */
export async function withDeadline<T>(
  work: Promise<T>,
  deadlineMs: number,
  onExpire: () => AppError,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(onExpire()), deadlineMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Planner settings for the reads' own transaction (SET LOCAL; nothing on the server changes). Our
 * statements aggregate a few thousand error rows out of millions: JIT compilation cost more than the
 * whole query (9 s of 16 s measured at 1M rows), and CTE columns have no statistics, so the planner
 * guesses joins of the error sets a hundred times too large and sorts them to disk for a merge join.
 */
export const READ_SETTINGS: Readonly<Record<string, string>> = {
  jit: 'off',
  enable_mergejoin: 'off',
  // A full read's cursor is read to its end: plan it for all rows, not the first tenth.
  cursor_tuple_fraction: '1',
};
