import { describeDirectTarget, type DirectTarget } from '../../../../shared/connection.ts';
import type { SshSettings } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { Database, ReadOptions, SqlRunner } from '../../db/database.ts';
import { PgDatabase } from '../../db/pg-database.ts';
import type { HostKeyStore } from './host-key-store.ts';
import type { SshSecrets } from './ssh-auth.ts';
import { sshRouteLabel, type SshEnvironment } from './ssh-config-resolve.ts';
import { connectSsh, type StepReporter } from './ssh-connect.ts';
import { checkTunnel, SshTunnel } from './ssh-tunnel.ts';

export interface SshDatabaseOptions {
  /** The database as the SSH server sees it (host may be `localhost`, or a private name). */
  target: DirectTarget;
  password?: string | undefined;
  ssh: SshSettings;
  sshSecrets: SshSecrets;
  hostKeys: HostKeyStore;
  env: SshEnvironment;
  idleMs?: number;
  connectTimeoutMs?: number;
  statementTimeoutMs?: number;
}

/**
 * PostgreSQL through an SSH tunnel (DESIGN §3 `ssh`): node-postgres talks to a local port whose
 * connections are forwarded by the SSH server. SSH failures (host key, login) are reported as
 * such rather than as a dropped database connection.
 */
export class SshDatabase implements Database {
  readonly description: string;
  private readonly label: string;
  private readonly tunnel: SshTunnel;
  private pg: PgDatabase | null = null;
  private onStep: StepReporter | undefined;

  constructor(private readonly options: SshDatabaseOptions) {
    this.label = sshRouteLabel(options.ssh, options.env);
    this.description = `${describeDirectTarget(options.target)} via ${this.label}`;
    this.tunnel = new SshTunnel({
      connect: () =>
        connectSsh({
          settings: options.ssh,
          secrets: options.sshSecrets,
          hostKeys: options.hostKeys,
          env: options.env,
          ...(this.onStep ? { onStep: this.onStep } : {}),
        }),
      target: { host: options.target.host, port: options.target.port },
      ...(options.idleMs !== undefined ? { idleMs: options.idleMs } : {}),
    });
  }

  /** Opens the SSH session now (reporting each step) and checks the tunnel reaches the database port. */
  async connect(onStep?: StepReporter): Promise<void> {
    this.onStep = onStep;
    try {
      await checkTunnel(this.tunnel, this.options.target, onStep);
    } finally {
      this.onStep = undefined;
    }
  }

  private async database(): Promise<PgDatabase> {
    if (!this.pg) {
      const local = await this.tunnel.listen();
      this.pg = new PgDatabase({
        target: this.options.target,
        password: this.options.password,
        via: { ...local, label: this.label },
        ...(this.options.connectTimeoutMs ? { connectTimeoutMs: this.options.connectTimeoutMs } : {}),
        ...(this.options.statementTimeoutMs ? { statementTimeoutMs: this.options.statementTimeoutMs } : {}),
      });
    }
    return this.pg;
  }

  async readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    const pg = await this.database();
    await this.tunnel.ensureSession();
    try {
      return await pg.readOnly(work, options);
    } catch (err) {
      // A tunnel that failed underneath shows as "connection terminated": report the SSH reason.
      if (err instanceof AppError && err.code === 'CONNECTION_FAILED' && this.tunnel.lastError)
        throw this.tunnel.lastError;
      throw err;
    }
  }

  get sshConnected(): boolean {
    return this.tunnel.isConnected;
  }

  async close(): Promise<void> {
    await this.pg?.close();
    await this.tunnel.close();
  }
}
