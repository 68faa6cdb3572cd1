/**
 * The bench database through each transport a profile can use: a direct connection, an SSH tunnel
 * through a real sshd, and psql run by a docker stand-in (electron/test-support).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { SshSettings } from '../shared/contract/profiles.ts';
import { parsePostgresUrl } from '../shared/source-url.ts';
import type { Database } from '../electron/engine/db/database.ts';
import { PgDatabase } from '../electron/engine/db/pg-database.ts';
import { ExecDatabase } from '../electron/engine/transports/exec/exec-database.ts';
import { HostKeyStore } from '../electron/engine/transports/ssh/host-key-store.ts';
import { SshDatabase } from '../electron/engine/transports/ssh/ssh-database.ts';
import { installContainerCli } from '../electron/test-support/container-cli.ts';
import type { TestPostgres } from '../electron/test-support/pg-server.ts';
import { startSshd } from '../electron/test-support/sshd-server.ts';

export interface Transports {
  direct: Database;
  tunnel: Database;
  exec: Database;
  close(): Promise<void>;
}

export async function openTransports(server: TestPostgres, database: string): Promise<Transports> {
  const target = parsePostgresUrl(server.url(database)).target;
  const direct = new PgDatabase({ target });
  const sshd = await startSshd();
  const dir = mkdtempSync(join(tmpdir(), 'logdesk-bench-ssh-'));
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[${sshd.host}]:${sshd.port} ${sshd.hostKeyLine}\n`);
  const tunnel = new SshDatabase({
    target,
    ssh: SshSettings.parse({
      host: sshd.host,
      port: sshd.port,
      user: sshd.keyUser,
      auth: { method: 'key', keyFile: sshd.keys.plain.path },
    }),
    sshSecrets: {},
    hostKeys: new HostKeyStore({ read: [knownHosts], accepted: join(dir, 'accepted') }),
    env: { home: dir, localUser: userInfo().username, configFile: join(dir, 'ssh_config') },
  });
  const cli = installContainerCli({
    pgHost: server.host,
    pgPort: server.port,
    containers: ['litellm-db'],
    pods: [],
  });
  const exec = new ExecDatabase({
    settings: {
      runner: { kind: 'docker', container: 'litellm-db' },
      database,
      user: 'postgres',
      psql: 'psql',
    },
    env: cli.env,
  });
  return {
    direct,
    tunnel,
    exec,
    close: async () => {
      await Promise.all([direct.close(), tunnel.close(), exec.close()]);
      await sshd.stop();
      cli.remove();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
