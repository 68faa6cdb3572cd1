import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../../shared/errors.ts';
import { CopyCsvReader, type PsqlRow } from './copy-csv.ts';
import { mapExecFailure } from './exec-errors.ts';
import type { PsqlCommand } from './psql-command.ts';

export type { PsqlRow } from './copy-csv.ts';

/** The rows of one streamed statement, in pages; psql's output pauses while the reader is behind. */
export interface RowPages {
  /** The next page; an empty one at the end. */
  next(): Promise<PsqlRow[]>;
  /** Reads and drops what is left, so the session can run its next statement. */
  drain(): Promise<void>;
}

class PageQueue implements RowPages {
  private readonly pages: PsqlRow[][] = [];
  private current: PsqlRow[] = [];
  private done = false;
  private error: unknown = null;
  private discard = false;
  private wake: (() => void) | null = null;
  private finished: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pageSize: number,
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  /** The statement's own promise: its end (or failure) ends the pages. */
  track(finished: Promise<unknown>): void {
    this.finished = finished;
    finished.then(
      () => this.end(),
      (err: unknown) => this.end(err),
    );
  }

  push(row: PsqlRow): void {
    if (this.discard) return;
    this.current.push(row);
    if (this.current.length < this.pageSize) return;
    this.pages.push(this.current);
    this.current = [];
    if (this.pages.length >= 4) this.pause();
    this.notify();
  }

  end(error: unknown = null): void {
    if (this.current.length) this.pages.push(this.current);
    this.current = [];
    this.done = true;
    this.error ??= error;
    this.resume();
    this.notify();
  }

  async next(): Promise<PsqlRow[]> {
    for (;;) {
      const page = this.pages.shift();
      if (page) {
        if (this.pages.length < 2) this.resume();
        return page;
      }
      if (this.error) throw this.error;
      if (this.done) return [];
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async drain(): Promise<void> {
    this.discard = true;
    this.pages.length = 0;
    this.current = [];
    this.resume();
    await this.finished.catch(() => undefined);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}

export interface PsqlSessionOptions {
  /** How long psql may take to log in and answer the first statement. */
  startupTimeoutMs?: number;
  /** Database as shown in messages (no secret). */
  database: string;
}

/**
 * One psql process driven over stdin: each statement is followed by `\echo MARKER`, and its output
 * (COPY … CSV) up to that marker line is its result. Rows are parsed as they arrive. ON_ERROR_STOP
 * makes psql exit at the first error, which is then read from stderr.
 */
export class PsqlSession {
  private readonly marker = `__logdesk_end_${randomBytes(12).toString('hex')}__`;
  private readonly child: ChildProcessWithoutNullStreams;
  /** Fails the statement whose output is being read. */
  private rejectPending: ((err: AppError) => void) | null = null;
  private readonly reader = new CopyCsvReader(this.marker);
  private stderr = '';
  private failure: AppError | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly exited: Promise<void>;
  backendPid: number | null = null;
  serverVersion: string | null = null;

  private constructor(
    private readonly command: PsqlCommand,
    private readonly options: PsqlSessionOptions,
  ) {
    const [bin, ...args] = command.argv;
    this.child = spawn(bin, args, { env: command.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: Buffer) => this.onStdout(chunk));
    this.child.stderr.on('data', (chunk: string) => {
      if (this.stderr.length < 64_000) this.stderr += chunk;
    });
    // A write after psql exited raises EPIPE here; the exit handler reports the real reason.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err: NodeJS.ErrnoException) => {
        this.fail(this.mapFailure(null, err));
        resolve();
      });
      this.child.on('close', (code) => {
        this.fail(this.mapFailure(code));
        resolve();
      });
    });
  }

  /** Starts psql, logs in and reads the backend pid and server version. */
  static async open(command: PsqlCommand, options: PsqlSessionOptions): Promise<PsqlSession> {
    const session = new PsqlSession(command, options);
    session.child.stdin.write(command.stdinPreamble);
    const timeoutMs = options.startupTimeoutMs ?? 30_000;
    const timer = setTimeout(() => {
      session.kill(
        new AppError(
          'CONNECTION_FAILED',
          `psql via the ${command.where} did not answer within ${Math.round(timeoutMs / 1000)} s`,
        ),
      );
    }, timeoutMs);
    try {
      // Whatever the container's locale and server settings, read UTF-8 and standard strings.
      await session.statement("SET client_encoding = 'UTF8'");
      await session.statement('SET standard_conforming_strings = on');
      const [info] = await session.rows(
        "SELECT pg_backend_pid() AS pid, current_setting('server_version') AS version",
      );
      session.backendPid = Number(info?.pid) || null;
      session.serverVersion = info?.version ?? null;
      return session;
    } catch (err) {
      session.kill();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Runs a statement that returns no rows. */
  statement(sql: string): Promise<void> {
    return this.enqueue(`${sql};`, false).then(() => undefined);
  }

  /** Runs a SELECT (without trailing `;`) and returns its rows as text, NULL as null. */
  rows(select: string): Promise<PsqlRow[]> {
    return this.enqueue(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER true, FORCE_QUOTE *);`, true);
  }

  /**
   * Runs a SELECT (without trailing `;`) as one COPY whose rows arrive in pages of `pageSize` while
   * psql still sends them: a full read is one execution, not one per page.
   */
  streamRows(select: string, pageSize: number): RowPages {
    const queue = new PageQueue(
      Math.max(1, pageSize),
      () => this.child.stdout.pause(),
      () => this.child.stdout.resume(),
    );
    queue.track(
      this.enqueue(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER true, FORCE_QUOTE *);`, true, (row) =>
        queue.push(row),
      ),
    );
    return queue;
  }

  private enqueue(text: string, withRows: boolean, onRow?: (row: PsqlRow) => void): Promise<PsqlRow[]> {
    const run = this.chain.then(() => this.send(text, withRows, onRow));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private send(text: string, withRows: boolean, onRow?: (row: PsqlRow) => void): Promise<PsqlRow[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const rows: PsqlRow[] = [];
      this.rejectPending = reject;
      // Streaming statements hand each row on instead of collecting them.
      this.reader.expect({
        withRows,
        onRow: onRow ?? ((row) => void rows.push(row)),
        onEnd: () => {
          this.rejectPending = null;
          resolve(rows);
        },
      });
      this.child.stdin.write(`${text}\n\\echo ${this.marker}\n`);
    });
  }

  private onStdout(chunk: Buffer): void {
    if (this.failure) return;
    try {
      this.reader.write(chunk);
    } catch (err) {
      this.kill(new AppError('QUERY_FAILED', `Cannot read psql's output: ${(err as Error).message}`));
    }
  }

  private mapFailure(exitCode: number | null, spawnError?: NodeJS.ErrnoException): AppError {
    return mapExecFailure({
      where: this.command.where,
      binary: this.command.binary,
      database: this.options.database,
      stderr: this.stderr,
      exitCode,
      ...(spawnError ? { spawnError } : {}),
    });
  }

  private fail(error: AppError): void {
    this.failure ??= error;
    const reject = this.rejectPending;
    this.rejectPending = null;
    reject?.(this.failure);
  }

  /** Stops psql now (abort, timeout); the pending statement fails with `reason`. */
  kill(reason: AppError = new AppError('CANCELLED', 'The query was cancelled')): void {
    this.fail(reason);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const force = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
    force.unref();
    void this.exited.then(() => clearTimeout(force));
  }

  /** Ends stdin so psql exits by itself (an open transaction is rolled back), then waits for it. */
  async close(): Promise<void> {
    this.failure ??= new AppError('INTERNAL', 'The psql session is closed');
    this.child.stdin.end();
    const timer = setTimeout(() => this.kill(), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}
