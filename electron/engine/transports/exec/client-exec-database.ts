import { spawn } from 'node:child_process';
import type { ExecSettings } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { ClientDialect } from '../../../../shared/source-mapping.ts';
import {
  DEFAULT_STATEMENT_TIMEOUT_MS,
  type Database,
  type ReadOptions,
  type SqlParam,
  type SqlRunner,
} from '../../db/database.ts';
import { parseMysqlXml } from './mysql-xml.ts';
import { describeRunner, passwordVia } from './psql-command.ts';
import { optionValue, runnerArgv } from './runner-argv.ts';
import { MYSQL_READ_SETTINGS } from '../../sql/dialects/mysql.ts';
import { sqlDialect } from '../../sql/dialects/sql-dialect.ts';

export interface ClientExecOptions {
  settings: ExecSettings & { engine: ClientDialect };
  password?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** The statement timeout of every read unless the read sets its own (default 30 s). */
  statementTimeoutMs?: number;
}

const STDIN_PASSWORD_WRAPPER = 'IFS= read -r MYSQL_PWD && export MYSQL_PWD && exec "$0" "$@"';
const cancelled = () => new AppError('CANCELLED', 'The query was cancelled');

/** argv that runs the engine's client in the container; the password never on it (MYSQL_PWD by name, or stdin). */
function command(o: ClientExecOptions): { argv: string[]; env: NodeJS.ProcessEnv; preamble: string } {
  const s = o.settings;
  const withPassword = s.engine === 'mysql' && o.password !== undefined && o.password !== '';
  const via = passwordVia(s);
  if (withPassword && via === 'stdin' && /[\r\n]/.test(o.password!)) {
    throw new AppError(
      'BAD_ARGUMENT',
      'The database password contains a line break, which cannot be sent over stdin; use passwordVia "env"',
    );
  }
  // Values as `--name=VALUE` (mysql) or a path that cannot start with "-" (sqlite3 3.40 knows no `--`).
  const client =
    s.engine === 'mysql'
      ? [
          'mysql',
          '--no-defaults',
          '--xml',
          '--batch',
          ...optionValue('user', s.user),
          ...optionValue('host', s.host),
          ...optionValue('port', s.port),
          ...optionValue('database', s.database),
        ]
      : ['sqlite3', '-readonly', '-json', '-bail', s.file!.startsWith('-') ? `./${s.file}` : s.file!];
  const inner = withPassword && via === 'stdin' ? ['sh', '-c', STDIN_PASSWORD_WRAPPER, ...client] : client;
  const argv = runnerArgv(s.runner, inner, withPassword && via === 'env' ? ['MYSQL_PWD'] : []);
  const { MYSQL_PWD: _drop, PGPASSWORD: _pg, ...env } = o.env ?? process.env;
  if (withPassword && via === 'env') env.MYSQL_PWD = o.password;
  return { argv, env, preamble: withPassword && via === 'stdin' ? `${o.password}\n` : '' };
}

/**
 * MySQL/MariaDB through `mysql`, or a SQLite file through `sqlite3`, inside a container or pod.
 * Each statement is one client run: MySQL wraps it in `START TRANSACTION READ ONLY` with
 * max_statement_time; sqlite3 opens the file `-readonly`. Aborting kills the client.
 */
export class ClientExecDatabase implements Database {
  readonly description: string;
  readonly dialect: ClientDialect;

  constructor(private readonly options: ClientExecOptions) {
    const s = options.settings;
    this.dialect = s.engine;
    const at = s.host ? `${s.host}${s.port ? `:${s.port}` : ''}` : '';
    this.description =
      s.engine === 'mysql'
        ? `mysql://${s.user}@${at}/${s.database} via mysql in ${describeRunner(s)}`
        : `sqlite://${s.file} via sqlite3 in ${describeRunner(s)}`;
  }

  private run(script: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
    const { argv, env, preamble } = command(this.options);
    return new Promise((resolve, reject) => {
      const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let failure: AppError | null = null;
      const stop = (e: AppError) => {
        failure ??= e;
        child.kill('SIGKILL');
      };
      // The client's own limit ends the statement on the server; this one ends a client that hangs.
      const timer = setTimeout(
        () =>
          stop(new AppError('TIMEOUT', `The query ran past its statement timeout on ${this.description}`)),
        timeoutMs + 10_000,
      );
      const onAbort = () => stop(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('error', (e) =>
        stop(
          new AppError('CONNECTION_FAILED', `Cannot start ${argv[0]} for ${this.description}: ${e.message}`),
        ),
      );
      child.on('close', (code) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (failure) return reject(failure);
        if (code !== 0) return reject(this.clientError(err, code));
        resolve(out);
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(preamble + script);
    });
  }

  private clientError(stderr: string, code: number | null): AppError {
    const text = stderr
      .trim()
      .split('\n')
      .filter((l) => !/^-+$/.test(l))
      .slice(-3)
      .join(' ')
      .slice(0, 500);
    if (/ERROR 1045|Access denied/i.test(text))
      return new AppError('AUTH_FAILED', `Login to ${this.description} refused: ${text}`);
    if (/ERROR 1146|no such table|no such column|ERROR 1054/i.test(text))
      return new AppError('SCHEMA_MISSING', `${text} on ${this.description}`);
    if (/ERROR 1969|ERROR 3024|max_statement_time|maximum statement execution time/i.test(text))
      return new AppError('TIMEOUT', `The query ran past its statement timeout on ${this.description}`);
    if (
      /No such container|not found|executable file not found|unable to open/i.test(text) ||
      code === 126 ||
      code === 127
    ) {
      return new AppError('CONNECTION_FAILED', `Cannot reach ${this.description}: ${text}`);
    }
    return new AppError(
      'QUERY_FAILED',
      `Query failed on ${this.description}: ${text || `exit code ${code}`}`,
    );
  }

  async readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    const timeoutMs = Math.max(
      1,
      Math.trunc(options.timeoutMs ?? this.options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS),
    );
    const runner: SqlRunner = {
      query: async <R extends Record<string, unknown>>(sql: string, params: readonly SqlParam[] = []) => {
        if (signal?.aborted) throw cancelled();
        const dialect = sqlDialect(this.dialect);
        const text = dialect.inline(sql.trim().replace(/;+\s*$/, ''), params);
        if (this.dialect === 'mysql') {
          const script = `SET SESSION max_statement_time = ${timeoutMs / 1000};\n${MYSQL_READ_SETTINGS};\n${dialect.readOnlyBegin};\n${text};\nCOMMIT;\n`;
          return parseMysqlXml(await this.run(script, timeoutMs, signal)) as R[];
        }
        const out = await this.run(`.timeout 5000\n${text};\n`, timeoutMs, signal);
        return (out.trim() ? JSON.parse(out) : []) as R[];
      },
    };
    return work(runner);
  }

  async close(): Promise<void> {
    // Nothing stays open between statements.
  }
}
