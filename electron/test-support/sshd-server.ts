import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

/** A private key file made for the test, and what it takes to use it. */
export interface TestKey {
  path: string;
  passphrase: string | undefined;
  publicLine: string;
}

export interface TestSshd {
  host: string;
  port: number;
  dir: string;
  /** The user the keys log in as (whoever runs the tests). */
  keyUser: string;
  /** `ssh-ed25519 AAAA…` of the server's host key and its `SHA256:…` fingerprint. */
  hostKeyLine: string;
  hostKeyFingerprint: string;
  keys: { plain: TestKey; encrypted: TestKey; pem: TestKey };
  /** A system user with a password, when started with `passwordUser` (needs root). */
  passwordUser: { name: string; password: string } | null;
  /** The listening sshd; each SSH connection is served by a child of it. */
  pid: number;
  stop(): Promise<void>;
}

function keygen(path: string, type: string, passphrase = '', extra: string[] = []): TestKey {
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    type,
    '-N',
    passphrase,
    '-C',
    'logdesk-test',
    ...extra,
    '-f',
    path,
  ]);
  return {
    path,
    passphrase: passphrase || undefined,
    publicLine: readFileSync(`${path}.pub`, 'utf8').trim(),
  };
}

function fingerprintOf(pubFile: string): string {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubFile], { encoding: 'utf8' });
  return /SHA256:\S+/.exec(out)![0];
}

/**
 * A local user that logs in with a password (a fresh random one each run); `created` says whether
 * this run added it, so stop() removes only a user it made and leaves the machine as it found it.
 */
function ensurePasswordUser(name: string): { name: string; password: string; created: boolean } {
  const created = spawnSync('id', [name]).status !== 0;
  if (created) execFileSync('useradd', ['-M', '-s', '/bin/sh', name]);
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  execFileSync('chpasswd', { input: `${name}:${password}\n` });
  return { name, password, created };
}

function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd did not listen on ${host}:${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * A real OpenSSH sshd on 127.0.0.1 and a free port (recipe in TESTING.md): its own host key,
 * client keys (OpenSSH plain, OpenSSH with passphrase, PEM RSA with passphrase) authorized for the
 * current user, TCP forwarding on, optionally a password user.
 */
export async function startSshd(options: { passwordUser?: boolean } = {}): Promise<TestSshd> {
  mkdirSync('/run/sshd', { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'logdesk-sshd-'));
  chmodSync(dir, 0o755);
  const hostKey = keygen(join(dir, 'host_ed25519'), 'ed25519');
  const keys = {
    plain: keygen(join(dir, 'id_plain'), 'ed25519'),
    encrypted: keygen(
      join(dir, 'id_encrypted'),
      'ed25519',
      `secret passphrase ${randomBytes(4).toString('hex')}`,
    ),
    pem: keygen(join(dir, 'id_pem'), 'rsa', 'pem passphrase', ['-b', '2048', '-m', 'PEM']),
  };
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(
    authorized,
    Object.values(keys)
      .map((k) => k.publicLine)
      .join('\n') + '\n',
  );
  chmodSync(authorized, 0o644);
  // A user of its own: two suites at once (or two runs sharing the machine) must not reset each
  // other's password or remove the user the other is logging in as.
  const passwordUser = options.passwordUser
    ? ensurePasswordUser(`logdesk-ssh-${randomBytes(4).toString('hex')}`)
    : null;
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `Port ${port}`,
      `HostKey ${hostKey.path}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'AllowTcpForwarding yes',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      `PasswordAuthentication ${passwordUser ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );
  execFileSync('/usr/sbin/sshd', ['-t', '-f', config]);
  const child: ChildProcess = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  await waitForPort('127.0.0.1', port, 5_000).catch((err: Error) => {
    child.kill();
    throw new Error(`${err.message}: ${log}`);
  });
  return {
    host: '127.0.0.1',
    pid: child.pid!,
    port,
    dir,
    keyUser: userInfo().username,
    hostKeyLine: readFileSync(`${hostKey.path}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' '),
    hostKeyFingerprint: fingerprintOf(`${hostKey.path}.pub`),
    keys,
    passwordUser,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
      if (passwordUser?.created) spawnSync('userdel', [passwordUser.name]);
    },
  };
}

/** A real ssh-agent holding `keys`, for agent auth; stop() ends it. */
export function startSshAgent(dir: string, keys: TestKey[]): { socket: string; stop(): void } {
  const socket = join(dir, `agent-${randomBytes(4).toString('hex')}.sock`);
  const out = execFileSync('ssh-agent', ['-a', socket, '-s'], { encoding: 'utf8' });
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(out)?.[1]);
  for (const key of keys) {
    if (key.passphrase) throw new Error('startSshAgent: give it unencrypted keys');
    execFileSync('ssh-add', ['-q', key.path], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  }
  return {
    socket,
    stop: () => {
      if (pid) process.kill(pid);
    },
  };
}
