import { describeDirectTarget } from '../../../../shared/connection.ts';
import type { Database } from '../../db/database.ts';
import { PgDatabase } from '../../db/pg-database.ts';
import { SshTunnelDatabase, type SshTunnelOptions, type TunnelEnd } from './ssh-tunnel-database.ts';

export type SshDatabaseOptions = SshTunnelOptions;

/** PostgreSQL through an SSH tunnel: node-postgres talks to the tunnel's local port. */
export class SshDatabase extends SshTunnelDatabase {
  readonly dialect = 'postgres' as const;
  readonly description = `${describeDirectTarget(this.options.target)} via ${this.label}`;

  protected openDriver(via: TunnelEnd): Database {
    const { target, password, connectTimeoutMs, statementTimeoutMs } = this.options;
    return new PgDatabase({
      target,
      password,
      via,
      ...(connectTimeoutMs ? { connectTimeoutMs } : {}),
      ...(statementTimeoutMs ? { statementTimeoutMs } : {}),
    });
  }
}
