import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.ts';
import { makeTestCerts } from './tls-certs.ts';

export interface TestPostgres {
  host: string;
  port: number;
  dir: string;
  /** With `tls: true`: the CA that signed the server certificate. */
  caFile?: string;
  /** URL for `database` as the superuser `postgres` (trust auth: no password needed unless set). */
  url(database?: string, user?: string, password?: string): string;
  /** Runs SQL as the superuser on `database`. */
  exec(sql: string, params?: unknown[], database?: string): Promise<pg.QueryResult>;
  createDatabase(name: string): Promise<void>;
  /** The name `createDatabase(name)` really gave the database (a shared server prefixes it). */
  databaseName(name: string): string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Set on a share of the run's server (shared-postgres.ts): drops this file's databases only. */
  release?(): Promise<void>;
}

function binDir(): string {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  }
  const which = spawnSync('sh', ['-c', 'dirname "$(command -v initdb)"'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim() !== '.') return which.stdout.trim();
  throw new Error('PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql');
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary; as root through `su postgres` (the server refuses to run as root). */
function run(bin: string, args: string[]): void {
  const quoted = [bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  if (isRoot()) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { stdio: 'pipe' });
  else execFileSync('sh', ['-c', quoted], { stdio: 'pipe' });
}

/** One statement as the superuser `postgres` (trust auth) on a server's database, on a connection of its own. */
export async function superuserQuery(
  server: { host: string; port: number; database: string },
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult> {
  const client = new pg.Client({
    host: server.host,
    port: server.port,
    user: 'postgres',
    database: server.database,
  });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/**
 * A throwaway PostgreSQL server on 127.0.0.1 and a free port, data and socket in one temp folder
 * (recipe from TESTING.md: about a second to start).
 */
export async function startPostgres(
  options: { passwordAuth?: boolean; tls?: boolean; reuseDir?: string; maxConnections?: number } = {},
): Promise<TestPostgres> {
  const bin = binDir();
  // `reuseDir`: a folder a previous server left (the bench's cached database); started as it is.
  const dir = options.reuseDir ?? mkdtempSync(join(tmpdir(), 'logdesk-pg-'));
  const data = join(dir, 'data');
  if (!options.reuseDir) {
    chmodSync(dir, 0o777);
    if (isRoot()) execFileSync('chown', ['postgres', dir]);
    run(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-sync',
      '--locale=C',
    ]);
  }
  if (options.passwordAuth) {
    // Local socket stays trusted for setup; TCP needs a password, as a real server would.
    run('/bin/sh', [
      '-c',
      `printf 'local all all trust\\nhost all postgres 127.0.0.1/32 trust\\nhost all all 127.0.0.1/32 scram-sha-256\\n' > ${data}/pg_hba.conf`,
    ]);
  }
  let serverOptions = options.maxConnections ? ` -c max_connections=${options.maxConnections}` : '';
  let caFile: string | undefined;
  if (options.tls) {
    const certs = makeTestCerts(dir);
    caFile = certs.caFile;
    if (isRoot()) execFileSync('chown', ['postgres', certs.keyFile, certs.certFile]);
    chmodSync(certs.keyFile, 0o600);
    serverOptions += ` -c ssl=on -c ssl_cert_file=${certs.certFile} -c ssl_key_file=${certs.keyFile}`;
  }
  const port = await freePort();
  const host = '127.0.0.1';
  const pgCtl = (action: string[]) => run(join(bin, 'pg_ctl'), ['-D', data, ...action]);
  const start = async () =>
    pgCtl([
      '-l',
      join(dir, 'pg.log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=${host} -c fsync=off${serverOptions}`,
      'start',
    ]);
  await start();
  const url = (database = 'postgres', user = 'postgres', password?: string) =>
    `postgres://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@${host}:${port}/${database}`;
  const exec = (sql: string, params: unknown[] = [], database = 'postgres') =>
    superuserQuery({ host, port, database }, sql, params);
  return {
    host,
    port,
    dir,
    ...(caFile ? { caFile } : {}),
    url,
    exec,
    createDatabase: async (name) => void (await exec(`CREATE DATABASE "${name}"`)),
    databaseName: (name) => name,
    start,
    stop: async () => {
      try {
        pgCtl(['-m', 'immediate', 'stop']);
      } catch {
        // already stopped
      }
    },
  };
}

export async function destroyPostgres(server: TestPostgres): Promise<void> {
  if (server.release) return server.release();
  await server.stop();
  rmSync(server.dir, { recursive: true, force: true });
}
