import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { freePort } from './ports.ts';

export interface TestMariaDb {
  host: string;
  port: number;
  dir: string;
  socket: string;
  /** Runs SQL as root (over the socket, no password) in `database`. */
  exec(sql: string, params?: unknown[], database?: string): Promise<unknown>;
  /** Creates a database and a user that may read and write it, with a password. */
  createDatabase(name: string, user: string, password: string): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A throwaway MariaDB server on 127.0.0.1 and a free port (recipe from TESTING.md, ≈1–2 s). */
export async function startMariaDb(): Promise<TestMariaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'logdesk-maria-'));
  const data = join(dir, 'data');
  const socket = join(dir, 'sock');
  // A temp folder of its own: a MariaDB starting removes every "#sql…" file in its tmpdir, and with
  // the shared /tmp it deleted another server's bootstrap tables mid-install (CI: two suites at once).
  const temp = join(dir, 'tmp');
  mkdirSync(temp);
  execFileSync(
    'mariadb-install-db',
    [
      '--user=root',
      `--datadir=${data}`,
      `--tmpdir=${temp}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    {
      stdio: 'pipe',
    },
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    'mariadbd',
    [
      '--no-defaults',
      '--user=root',
      `--datadir=${data}`,
      `--tmpdir=${temp}`,
      `--socket=${socket}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'pid')}`,
      '--skip-log-bin',
      '--innodb-buffer-pool-size=32M',
    ],
    { stdio: 'ignore' },
  );
  let exited = false;
  child.on('exit', () => (exited = true));
  for (let i = 0; ; i++) {
    try {
      execFileSync('mariadb-admin', [`--socket=${socket}`, 'ping'], { stdio: 'pipe' });
      break;
    } catch {
      if (exited || i > 150) throw new Error(`mariadbd did not start (see ${dir})`);
      await sleep(100);
    }
  }
  const exec = async (sql: string, params: unknown[] = [], database?: string) => {
    const conn = await mysql.createConnection({
      socketPath: socket,
      user: 'root',
      ...(database ? { database } : {}),
      multipleStatements: true,
    });
    try {
      const [rows] = await conn.query(sql, params);
      return rows;
    } finally {
      await conn.end();
    }
  };
  return {
    host: '127.0.0.1',
    port,
    dir,
    socket,
    exec,
    createDatabase: async (name, user, password) => {
      await exec(
        `CREATE DATABASE \`${name}\`; CREATE USER IF NOT EXISTS ?@'%' IDENTIFIED BY ?; GRANT ALL ON \`${name}\`.* TO ?@'%'`,
        [user, password, user],
      );
    },
    stop: async () => {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      try {
        execFileSync('mariadb-admin', [`--socket=${socket}`, 'shutdown'], { stdio: 'pipe' });
      } catch {
        child.kill('SIGKILL');
      }
      await done;
    },
  };
}

export async function destroyMariaDb(server: TestMariaDb): Promise<void> {
  await server.stop();
  rmSync(server.dir, { recursive: true, force: true });
}
