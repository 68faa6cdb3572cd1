import type { ExecSettings } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';
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
} from '../../db/database.ts';
import { buildPsqlCommand, describeRunner } from './psql-command.ts';
import { PsqlSession } from './psql-session.ts';
import { POSTGRES } from '../../sql/dialects/postgres.ts';

export interface ExecDatabaseOptions {
  settings: ExecSettings;
  password?: string | undefined;
  /** Environment the runner starts with (PATH decides which docker/kubectl runs); default process.env. */
  env?: NodeJS.ProcessEnv;
  startupTimeoutMs?: number;
  /** The server-side statement timeout of every read (a profile's setting, the CLI's --timeout). */
  statementTimeoutMs?: number;
}

const cancelled = () => new AppError('CANCELLED', 'The query was cancelled');

/**
 * A LiteLLM database reached by `psql` inside a container or pod (DESIGN §3 `exec`). Each
 * readOnly() is one psql session: BEGIN … READ ONLY, statement_timeout, the work's statements with
 * their parameters written as literals, COMMIT. Aborting kills psql and cancels the backend.
 */
export class ExecDatabase implements Database {
  readonly dialect = 'postgres' as const;
  readonly description: string;
  private readonly database: string;

  constructor(private readonly options: ExecDatabaseOptions) {
    const s = options.settings;
    const at = s.host ? `${s.host}${s.port ? `:${s.port}` : ''}` : '';
    this.database = `postgres://${s.user}@${at}/${s.database}`;
    this.description = `${this.database} via psql in ${describeRunner(s)}`;
  }

  /** Starts psql and logs in; the caller owns the session. Used by readOnly and by "Test connection". */
  openSession(): Promise<PsqlSession> {
    const command = buildPsqlCommand(
      this.options.settings,
      this.options.password,
      this.options.env ?? process.env,
    );
    return PsqlSession.open(command, {
      database: this.database,
      startupTimeoutMs: this.options.startupTimeoutMs ?? 30_000,
    });
  }

  async readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    const session = await this.openSession();
    const onAbort = () => {
      session.kill(cancelled());
      void this.cancelBackend(session.backendPid);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = Math.max(
      0,
      Math.trunc(options.timeoutMs ?? this.options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS),
    );
    const deadline = clientDeadlineMs(timeoutMs);
    // A frozen backend or a hung docker/kubectl never answers: past the deadline the child is killed.
    const guard = <R>(work: Promise<R>) =>
      withDeadline(work, deadline, () => {
        const error = noAnswerError(deadline, this.description);
        session.kill(error);
        void this.cancelBackend(session.backendPid);
        return error;
      });
    try {
      await guard(session.statement(POSTGRES.readOnlyBegin));
      await guard(session.statement(`SET LOCAL statement_timeout = ${timeoutMs}`));
      await guard(
        session.statement(
          Object.entries(READ_SETTINGS)
            .map(([name, value]) => `SET LOCAL ${name} = ${value}`)
            .join('; '),
        ),
      );
      const runner: SqlRunner = {
        query: async <R extends Record<string, unknown>>(sql: string, params: readonly SqlParam[] = []) => {
          if (signal?.aborted) throw cancelled();
          const text = POSTGRES.inline(sql.trim().replace(/;+\s*$/, ''), params);
          return (await guard(session.rows(text))) as unknown as R[];
        },
        stream: (sql: string, params: readonly SqlParam[], pageSize: number) => {
          if (signal?.aborted) throw cancelled();
          const pages = session.streamRows(
            POSTGRES.inline(sql.trim().replace(/;+\s*$/, ''), params),
            pageSize,
          );
          // Each page must arrive before the deadline, like any other answer.
          return { next: () => guard(pages.next()), drain: () => guard(pages.drain()) };
        },
      };
      const value = await work(runner);
      await guard(session.statement('COMMIT'));
      return value;
    } catch (err) {
      if (signal?.aborted) throw cancelled();
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await session.close();
    }
  }

  /**
   * Killing the local `docker`/`kubectl` client does not always stop psql inside the container, nor
   * the statement on the server: a second short session asks the server to cancel it.
   */
  private async cancelBackend(pid: number | null): Promise<void> {
    if (!pid) return;
    try {
      const session = await this.openSession();
      await session.rows(`SELECT pg_cancel_backend(${Math.trunc(pid)}) AS cancelled`).catch(() => undefined);
      await session.close();
    } catch {
      // best effort: the statement timeout ends it anyway
    }
  }

  async close(): Promise<void> {
    // Nothing stays open between reads: each readOnly() has its own psql session.
  }
}
