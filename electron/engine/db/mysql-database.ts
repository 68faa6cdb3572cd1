import type { Readable } from 'node:stream';
import type mysql from 'mysql2/promise';
import { AppError } from '../../../shared/errors.ts';
import type { MysqlTarget } from '../../../shared/source-url.ts';
import { MYSQL, MYSQL_READ_SETTINGS } from '../sql/dialects/mysql.ts';
import {
  DEFAULT_STATEMENT_TIMEOUT_MS,
  type Database,
  type ReadOptions,
  type SqlParam,
  type SqlRunner,
  type StreamedPages,
} from './database.ts';

export interface MysqlDatabaseOptions {
  target: MysqlTarget;
  password?: string | undefined;
  /** Overrides host/port, e.g. the local end of an SSH tunnel; the description keeps the real target. */
  via?: { host: string; port: number; label: string };
  connectTimeoutMs?: number;
  /** The statement timeout of every read unless the read sets its own (default 30 s). */
  statementTimeoutMs?: number;
}

export const describeMysqlTarget = (t: MysqlTarget) => `mysql://${t.user}@${t.host}:${t.port}/${t.database}`;

const cancelled = () => new AppError('CANCELLED', 'The query was cancelled');

/**
 * MySQL or MariaDB through mysql2, pooled. Each read is one `START TRANSACTION READ ONLY` with a
 * per-statement time limit (MariaDB `max_statement_time`, MySQL `max_execution_time`); values are
 * bound as server-side prepared-statement parameters; aborting sends `KILL QUERY` from a second
 * connection.
 */
export class MysqlDatabase implements Database {
  readonly description: string;
  readonly dialect = 'mysql' as const;
  /** mysql2 is loaded with the first read: a fifth of a second of every CLI start that reads no MySQL. */
  private readonly pool: Promise<mysql.Pool>;
  private readonly statementTimeoutMs: number;

  constructor(options: MysqlDatabaseOptions) {
    this.statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    const { target } = options;
    this.description = describeMysqlTarget(target) + (options.via ? ` via ${options.via.label}` : '');
    const settings: mysql.PoolOptions = {
      host: options.via?.host ?? target.host,
      port: options.via?.port ?? target.port,
      database: target.database,
      user: target.user,
      ...(options.password !== undefined ? { password: options.password } : {}),
      connectionLimit: 4,
      connectTimeout: options.connectTimeoutMs ?? 8_000,
      timezone: 'Z',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: false,
      multipleStatements: false,
    };
    this.pool = import('mysql2/promise').then(({ default: mysql }) => {
      const pool = mysql.createPool(settings);
      pool.on('connection', (c) => c.on('error', () => undefined));
      return pool;
    });
  }

  async readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    let conn: mysql.PoolConnection;
    try {
      conn = await (await this.pool).getConnection();
    } catch (err) {
      throw MYSQL.mapError(err, this.description);
    }
    const kill = () => void this.killQuery(conn.threadId);
    signal?.addEventListener('abort', kill, { once: true });
    let broken = false;
    try {
      const timeoutMs = Math.max(1, Math.trunc(options.timeoutMs ?? this.statementTimeoutMs));
      await conn.query(MYSQL_READ_SETTINGS);
      await setStatementTimeout(conn, timeoutMs);
      await conn.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await conn.query(MYSQL.readOnlyBegin);
      const runner: SqlRunner = {
        query: async <R extends Record<string, unknown>>(sql: string, params: readonly SqlParam[] = []) => {
          if (signal?.aborted) throw cancelled();
          const [rows] = await conn.execute(sql, params.map(bindable));
          return rows as R[];
        },
        // One statement's rows a page at a time: a full read runs its query once, where pages by
        // OFFSET ran it (scan and sort of the whole range) once per page (patterns at 1M rows: 40 s).
        stream: (sql, params, pageSize) => {
          if (signal?.aborted) throw cancelled();
          // The promise wrapper's `connection` is mysql2's callback connection (typed as the wrapper).
          const core = conn.connection as unknown as {
            execute(sql: string, values: unknown[]): { stream(): Readable };
          };
          return streamRows(core.execute(sql, params.map(bindable)).stream(), pageSize);
        },
      };
      const value = await work(runner);
      await conn.query('COMMIT');
      return value;
    } catch (err) {
      await conn.query('ROLLBACK').catch(() => {
        broken = true;
      });
      if (signal?.aborted) throw cancelled();
      throw MYSQL.mapError(err, this.description);
    } finally {
      signal?.removeEventListener('abort', kill);
      if (broken) conn.destroy();
      else conn.release();
    }
  }

  private async killQuery(threadId: number): Promise<void> {
    await (await this.pool).query('KILL QUERY ?', [threadId]).catch(() => undefined);
  }

  async close(): Promise<void> {
    await (await this.pool).end().catch(() => undefined);
  }
}

/**
 * Pages over a row stream. The stream holds a few rows and pauses the connection past them, so
 * memory stays bounded; `drain` reads what is left to the end (the connection is then free again).
 */
function streamRows(rows: Readable, pageSize: number): StreamedPages {
  const iterator = rows[Symbol.asyncIterator]() as AsyncIterator<Record<string, unknown>>;
  let done = false;
  return {
    async next() {
      const page: Record<string, unknown>[] = [];
      while (!done && page.length < pageSize) {
        const step = await iterator.next();
        if (step.done) done = true;
        else page.push(step.value);
      }
      return page;
    },
    async drain() {
      while (!done) done = (await iterator.next()).done === true;
    },
  };
}

function bindable(p: SqlParam): string | number | boolean | null {
  if (Array.isArray(p))
    throw new AppError('INTERNAL', 'MySQL statements take one placeholder per value, not arrays');
  return p as string | number | boolean | null;
}

/** MariaDB limits every statement (seconds); MySQL 5.7+ limits SELECTs (milliseconds). */
async function setStatementTimeout(conn: mysql.PoolConnection, timeoutMs: number): Promise<void> {
  try {
    await conn.query('SET SESSION max_statement_time = ?', [timeoutMs / 1000]);
  } catch {
    await conn.query('SET SESSION max_execution_time = ?', [timeoutMs]);
  }
}
