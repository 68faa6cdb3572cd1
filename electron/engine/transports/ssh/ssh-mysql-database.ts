import type { Database } from '../../db/database.ts';
import { describeMysqlTarget, MysqlDatabase } from '../../db/mysql-database.ts';
import { SshTunnelDatabase, type SshTunnelOptions, type TunnelEnd } from './ssh-tunnel-database.ts';

export type SshMysqlOptions = SshTunnelOptions;

/** MySQL/MariaDB through the same SSH tunnel as PostgreSQL: mysql2 talks to the tunnel's local port. */
export class SshMysqlDatabase extends SshTunnelDatabase {
  readonly description = `${describeMysqlTarget(this.options.target)} via ${this.label}`;
  readonly dialect = 'mysql' as const;

  protected openDriver(via: TunnelEnd): Database {
    const { target, password, statementTimeoutMs } = this.options;
    return new MysqlDatabase({
      target,
      password,
      via,
      ...(statementTimeoutMs ? { statementTimeoutMs } : {}),
    });
  }
}
