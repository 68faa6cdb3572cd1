import type { DirectTarget } from '../../../../shared/connection.ts';
import type { SshSettings } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { Dialect } from '../../../../shared/source-mapping.ts';
import type { Database, ReadOptions, SqlRunner } from '../../db/database.ts';
import type { HostKeyStore } from './host-key-store.ts';
import type { SshSecrets } from './ssh-auth.ts';
import { sshRouteLabel, type SshEnvironment } from './ssh-config-resolve.ts';
import { connectSsh, type StepReporter } from './ssh-connect.ts';
import { checkTunnel, SshTunnel } from './ssh-tunnel.ts';

export interface SshTunnelOptions {
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

/** Where the driver connects instead of the target: the tunnel's local port, and the route to name. */
export interface TunnelEnd {
  host: string;
  port: number;
  label: string;
}

/**
 * A database behind an SSH tunnel (DESIGN §3 `ssh`): the driver (node-postgres, mysql2) talks to a
 * local port whose connections the SSH server forwards. SSH failures (host key, login) are reported
 * as such rather than as a dropped database connection.
 */
export abstract class SshTunnelDatabase implements Database {
  abstract readonly description: string;
  abstract readonly dialect: Dialect;
  protected readonly label: string;
  private readonly tunnel: SshTunnel;
  private driver: Database | null = null;
  private onStep: StepReporter | undefined;

  constructor(protected readonly options: SshTunnelOptions) {
    this.label = sshRouteLabel(options.ssh, options.env);
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

  /** The driver's database, pointed at the tunnel's local end. */
  protected abstract openDriver(via: TunnelEnd): Database;

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
    this.driver ??= this.openDriver({ ...(await this.tunnel.listen()), label: this.label });
    await this.tunnel.ensureSession();
    try {
      return await this.driver.readOnly(work, options);
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
    await this.driver?.close();
    await this.tunnel.close();
  }
}
