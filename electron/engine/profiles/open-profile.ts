import { describeDirectTarget } from '../../../shared/connection.ts';
import type { Profile } from '../../../shared/contract/profiles.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { SshMysqlDatabase } from '../transports/ssh/ssh-mysql-database.ts';
import { ClientExecDatabase } from '../transports/exec/client-exec-database.ts';
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
  const timeout = profile.statementTimeoutSeconds
    ? { statementTimeoutMs: profile.statementTimeoutSeconds * 1000 }
    : {};
  switch (profile.transport) {
    case 'direct':
      return openDatabase(
        { engine: profile.db.engine ?? 'postgres', target: profile.db, password: secrets.dbPassword },
        timeout.statementTimeoutMs,
      );
    case 'file':
      return openDatabase({ engine: 'sqlite', file: profile.file }, timeout.statementTimeoutMs);
    case 'ssh': {
      const tunnelled = {
        target: profile.db,
        password: secrets.dbPassword,
        ssh: profile.ssh,
        sshSecrets: { passphrase: secrets.sshPassphrase, password: secrets.sshPassword },
        hostKeys: deps.hostKeys,
        env: deps.sshEnv,
      };
      return profile.db.engine === 'mysql'
        ? new SshMysqlDatabase({ ...tunnelled, ...timeout })
        : new SshDatabase({ ...tunnelled, ...timeout });
    }
    case 'exec':
      if (profile.exec.engine === 'mysql' || profile.exec.engine === 'sqlite') {
        const settings = { ...profile.exec, engine: profile.exec.engine };
        return new ClientExecDatabase({
          settings,
          password: secrets.dbPassword,
          ...(deps.processEnv ? { env: deps.processEnv } : {}),
          ...timeout,
        });
      }
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
    case 'file':
      return `sqlite://${profile.file}`;
    case 'ssh': {
      const { host, port, user } = profile.ssh;
      return `${describeDirectTarget(profile.db)} via ssh ${user ? `${user}@` : ''}${host}${port ? `:${port}` : ''}${profile.ssh.jump ? ` (jump ${profile.ssh.jump})` : ''}`;
    }
    case 'exec': {
      const e = profile.exec;
      if (e.engine === 'sqlite') return `sqlite://${e.file} via sqlite3 in ${describeRunner(e)}`;
      if (e.engine === 'mysql')
        return `mysql://${e.user}@${e.host ?? ''}${e.port ? `:${e.port}` : ''}/${e.database} via mysql in ${describeRunner(e)}`;
      return `postgres://${e.user}@${e.host ?? ''}${e.port ? `:${e.port}` : ''}/${e.database} via psql in ${describeRunner(e)}`;
    }
  }
}
