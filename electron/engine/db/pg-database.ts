import { readFileSync } from 'node:fs';
import pg from 'pg';
import { AppError } from '../../../shared/errors.ts';
import { describeDirectTarget, type DirectTarget } from '../../../shared/connection.ts';
import {
  clientDeadlineMs,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  noAnswerError,
  READ_SETTINGS,
  withDeadline,
  type Database,
  type ReadOptions,
  type SqlParam,
  type SqlRunner,
} from './database.ts';
import { isStatementTimeout } from '../sql/dialects/postgres-errors.ts';
import { POSTGRES } from '../sql/dialects/postgres.ts';

export interface PgDatabaseOptions {
  target: DirectTarget;
  password?: string | undefined;
  /** Overrides host/port, e.g. the local end of an SSH tunnel. The description keeps the real target. */
  via?: { host: string; port: number; label: string };
  connectTimeoutMs?: number;
  maxConnections?: number;
  /** The server-side statement timeout of every read (a profile's setting, the CLI's --timeout). */
  statementTimeoutMs?: number;
}

function sslConfig(target: DirectTarget): pg.PoolConfig['ssl'] {
  if (target.tls === 'disable') return false;
  if (target.tls === 'require') return { rejectUnauthorized: false };
  if (!target.caFile) return { rejectUnauthorized: true };
  try {
    return { rejectUnauthorized: true, ca: readFileSync(target.caFile, 'utf8') };
  } catch (err) {
    throw new AppError(
      'BAD_ARGUMENT',
      `TLS CA file ${target.caFile} cannot be read: ${(err as Error).message}`,
    );
  }
}

/** PostgreSQL over TCP through node-postgres, pooled. */
export class PgDatabase implements Database {
  readonly dialect = 'postgres' as const;
  readonly description: string;
  private readonly pool: pg.Pool;
  private readonly statementTimeoutMs: number;

  constructor(options: PgDatabaseOptions) {
    const { target } = options;
    this.description = describeDirectTarget(target) + (options.via ? ` via ${options.via.label}` : '');
    this.statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    this.pool = new pg.Pool({
      host: options.via?.host ?? target.host,
      port: options.via?.port ?? target.port,
      database: target.database,
      user: target.user,
      password: options.password,
      ssl: sslConfig(target),
      max: options.maxConnections ?? 4,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 8_000,
      application_name: 'logdesk',
      // A peer that vanished without a FIN (a dropped VPN, a dead NAT entry) is noticed by the OS.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // An idle client losing its server must not crash the process; the next read reconnects.
    this.pool.on('error', () => undefined);
  }

  async readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) throw new AppError('CANCELLED', 'The query was cancelled');
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw POSTGRES.mapError(err, this.description, { connected: false });
    }
    const backendPid = (client as unknown as { processID?: number }).processID;
    const cancel = () => void this.cancelBackend(backendPid);
    signal?.addEventListener('abort', cancel, { once: true });
    let broken = false;
    // A checked-out client whose server goes away between statements emits 'error'; unheard, that
    // error would crash the process (the web server with it). The next statement fails instead.
    let lost: unknown = null;
    const onLost = (err: unknown) => {
      lost = err;
      broken = true;
    };
    client.on('error', onLost);
    const statementTimeout = options.timeoutMs ?? this.statementTimeoutMs;
    const deadline = clientDeadlineMs(statementTimeout);
    let abandoned = false;
    // Every statement, BEGIN and COMMIT included, answers before the deadline or the socket goes.
    const answered = <T>(work: Promise<T>) =>
      withDeadline(work, deadline, () => {
        abandoned = broken = true;
        void this.cancelBackend(backendPid);
        (
          client as unknown as { connection?: { stream?: { destroy(): void } } }
        ).connection?.stream?.destroy();
        return noAnswerError(deadline, this.description);
      });
    const send = (sql: string, params?: unknown[]) => answered(client.query(sql, params));
    try {
      await send(POSTGRES.readOnlyBegin);
      const settings = { statement_timeout: String(statementTimeout), ...READ_SETTINGS };
      await send(
        'SELECT set_config(name, value, true) FROM unnest($1::text[], $2::text[]) AS s(name, value)',
        [Object.keys(settings), Object.values(settings)],
      );
      const runner: SqlRunner = {
        cursors: true,
        query: async <R extends Record<string, unknown>>(sql: string, params: readonly SqlParam[] = []) => {
          if (signal?.aborted) throw new AppError('CANCELLED', 'The query was cancelled');
          if (lost && !abandoned) throw lost;
          const result = await send(sql, params as unknown[]);
          return result.rows as R[];
        },
        firstThenRest: <R extends Record<string, unknown>>(
          sql: string,
          params: readonly SqlParam[],
          onRow?: (row: R) => void,
        ) => {
          if (signal?.aborted) throw new AppError('CANCELLED', 'The query was cancelled');
          if (lost && !abandoned) throw lost;
          const query = new pg.Query(sql, params as unknown[]);
          let gotFirst!: (row: R) => void;
          const first = new Promise<R>((resolve) => (gotFirst = resolve));
          const rest: R[] = [];
          let seen = false;
          query.on('row', (row: R) => {
            if (seen) {
              if (onRow) onRow(row);
              else rest.push(row);
            } else {
              seen = true;
              gotFirst(row);
            }
          });
          const ended = answered(
            new Promise<R[]>((resolve, reject) => {
              query.on('end', () => resolve(rest));
              query.on('error', reject);
            }),
          );
          client.query(query);
          // Whoever awaits only the first row still hears of a failure; none goes unhandled.
          ended.catch(() => undefined);
          return { first: Promise.race([first, ended.then(() => undefined)]), rest: ended };
        },
        bounded: async <R extends Record<string, unknown>>(
          sql: string,
          params: readonly SqlParam[],
          timeoutMs: number,
        ) => {
          // Rolling back to the savepoint also undoes its SET LOCAL: the session's own timeout is back.
          await runner.query(
            `SAVEPOINT logdesk_bounded; SET LOCAL statement_timeout = ${Math.max(1, Math.trunc(timeoutMs))}`,
          );
          const undo = () => send('ROLLBACK TO SAVEPOINT logdesk_bounded; RELEASE SAVEPOINT logdesk_bounded');
          try {
            const rows = await runner.query<R>(sql, params);
            await undo();
            return rows;
          } catch (err) {
            if (signal?.aborted || abandoned || lost || !isStatementTimeout(err)) throw err;
            await undo();
            return null;
          }
        },
      };
      const value = await work(runner);
      await send('COMMIT');
      return value;
    } catch (err) {
      if (!broken) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
      }
      if (signal?.aborted) throw new AppError('CANCELLED', 'The query was cancelled');
      if (abandoned) throw err;
      throw POSTGRES.mapError(lost ?? err, this.description, { connected: true });
    } finally {
      signal?.removeEventListener('abort', cancel);
      client.removeListener('error', onLost);
      client.release(broken);
    }
  }

  /** Cancels the running statement from a second connection (node-postgres has no in-band cancel). */
  private async cancelBackend(pid: number | undefined): Promise<void> {
    if (!pid) return;
    await this.pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
