import { describeDirectTarget } from '../../../shared/connection.ts';
import type { Profile } from '../../../shared/contract/profiles.ts';
import type { Database } from '../db/database.ts';
import { PgDatabase } from '../db/pg-database.ts';
import { ExecDatabase } from '../transports/exec/exec-database.ts';
import { describeRunner } from '../transports/exec/psql-command.ts';
import type { HostKeyStore } from '../transports/ssh/host-key-store.ts';
import type { SshEnvironment } from '../transports/ssh/ssh-config-resolve.ts';
import { SshDatabase } from '../transports/ssh/ssh-database.ts';
import type { SecretValues } from './profile-secrets.ts';

/** What the transports need from the engine besides the profile and its secrets. */
export interface TransportDeps {
  hostKeys: HostKeyStore;
  sshEnv: SshEnvironment;
  /** The environment docker/kubectl start with (PATH); default process.env. */
  processEnv?: NodeJS.ProcessEnv;
}

/** The Database a profile describes; nothing connects until the first read. */
export function databaseFor(profile: Profile, secrets: SecretValues, deps: TransportDeps): Database {
  const timeout = profile.statementTimeoutSeconds ? { statementTimeoutMs: profile.statementTimeoutSeconds * 1000 } : {};
  switch (profile.transport) {
    case 'direct':
      return new PgDatabase({ target: profile.db, password: secrets.dbPassword, ...timeout });
    case 'ssh':
      return new SshDatabase({
        target: profile.db,
        password: secrets.dbPassword,
        ssh: profile.ssh,
        sshSecrets: { passphrase: secrets.sshPassphrase, password: secrets.sshPassword },
        hostKeys: deps.hostKeys,
        env: deps.sshEnv,
        ...timeout,
      });
    case 'exec':
      return new ExecDatabase({
        settings: profile.exec,
        password: secrets.dbPassword,
        ...(deps.processEnv ? { env: deps.processEnv } : {}),
        ...timeout,
      });
  }
}

/** Where a profile points, without opening anything (lists, reports). */
export function describeProfile(profile: Profile): string {
  switch (profile.transport) {
    case 'direct':
      return describeDirectTarget(profile.db);
    case 'ssh': {
      const { host, port, user } = profile.ssh;
      return `${describeDirectTarget(profile.db)} via ssh ${user ? `${user}@` : ''}${host}${port ? `:${port}` : ''}${profile.ssh.jump ? ` (jump ${profile.ssh.jump})` : ''}`;
    }
    case 'exec': {
      const e = profile.exec;
      return `postgres://${e.user}@${e.host ?? ''}${e.port ? `:${e.port}` : ''}/${e.database} via psql in ${describeRunner(e)}`;
    }
  }
}
