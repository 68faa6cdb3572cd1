import type { DirectTarget } from '../../../../shared/connection.ts';
import type { SshSettings } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { Database, ReadOptions, SqlRunner } from '../../db/database.ts';
import { describeMysqlTarget, MysqlDatabase } from '../../db/mysql-database.ts';
import type { HostKeyStore } from './host-key-store.ts';
import type { SshSecrets } from './ssh-auth.ts';
import { sshRouteLabel, type SshEnvironment } from './ssh-config-resolve.ts';
import { connectSsh, type StepReporter } from './ssh-connect.ts';
import { checkTunnel, SshTunnel } from './ssh-tunnel.ts';

export interface SshMysqlOptions {
  target: DirectTarget;
  password?: string | undefined;
  ssh: SshSettings;
  sshSecrets: SshSecrets;
  hostKeys: HostKeyStore;
  env: SshEnvironment;
  statementTimeoutMs?: number;
}

/** MySQL/MariaDB through the same SSH tunnel as PostgreSQL: mysql2 talks to the tunnel's local port. */
export class SshMysqlDatabase implements Database {
  readonly description: string;
  readonly dialect = 'mysql' as const;
  private readonly label: string;
  private readonly tunnel: SshTunnel;
  private mysql: MysqlDatabase | null = null;
  private onStep: StepReporter | undefined;

  constructor(private readonly options: SshMysqlOptions) {
    this.label = sshRouteLabel(options.ssh, options.env);
    this.description = `${describeMysqlTarget(options.target)} via ${this.label}`;
    this.tunnel = new SshTunnel({
      connect: () =>
        connectSsh({ settings: options.ssh, secrets: options.sshSecrets, hostKeys: options.hostKeys, env: options.env, ...(this.onStep ? { onStep: this.onStep } : {}) }),
      target: { host: options.target.host, port: options.target.port },
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

  async readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options: ReadOptions = {}): Promise<T> {
    if (!this.mysql) {
      const local = await this.tunnel.listen();
      const { target, password, statementTimeoutMs } = this.options;
      this.mysql = new MysqlDatabase({ target, password, via: { ...local, label: this.label }, ...(statementTimeoutMs ? { statementTimeoutMs } : {}) });
    }
    await this.tunnel.ensureSession();
    try {
      return await this.mysql.readOnly(work, options);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONNECTION_FAILED' && this.tunnel.lastError) throw this.tunnel.lastError;
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.mysql?.close();
    await this.tunnel.close();
  }
}
