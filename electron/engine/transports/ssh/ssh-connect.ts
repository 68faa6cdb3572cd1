import type { Duplex } from 'node:stream';
import type { Client, ServerHostKeyAlgorithm } from 'ssh2';
import type { HostKeyProblem, SshSettings, TestStepId } from '../../../../shared/contract/profiles.ts';
import { authConfig, type SshSecrets } from './ssh-auth.ts';
import { loadSsh2 } from './ssh2-module.ts';
import { resolveSsh, type SshEnvironment, type SshHop } from './ssh-config-resolve.ts';
import { hostKeyError, type HostKeyStore } from './host-key-store.ts';
import { startProxyCommand } from './proxy-command.ts';
import { mapSshError, mapTunnelError } from './ssh-errors.ts';

/** Reports each step of a connection with its timing ("Test connection" shows them). */
export type StepReporter = (step: TestStepId, ok: boolean, ms: number, detail: string) => void;

export interface SshConnectOptions {
  settings: SshSettings;
  secrets: SshSecrets;
  hostKeys: HostKeyStore;
  env: SshEnvironment;
  readyTimeoutMs?: number;
  onStep?: StepReporter;
}

/** An SSH session to the profile's server, through its jump hosts; `close` ends every hop. */
export interface SshSession {
  client: Client;
  where: string;
  close(): void;
}

const HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

const whereOf = (hop: SshHop) => `${hop.user}@${hop.host}:${hop.port}`;

/** Opens a direct-tcpip channel from `client` to host:port. */
export function forwardOut(client: Client, host: string, port: number, sshWhere: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => {
      if (err) reject(mapTunnelError(err, sshWhere, `${host}:${port}`));
      else resolve(stream);
    });
  });
}

async function connectHop(
  hop: SshHop,
  sock: Duplex | undefined,
  options: SshConnectOptions,
): Promise<Client> {
  const step: StepReporter = options.onStep ?? (() => undefined);
  const where = whereOf(hop);
  const auth = await authConfig(options.settings.auth, hop, options.secrets, options.env);
  const ssh2 = await loadSsh2();
  const known = options.hostKeys.preferredAlgorithms(hop.knownHostsName, hop.port, hop.knownHostsFiles);
  // Offer the key types known_hosts holds for this host first, as ssh does, so a known host shows its known key.
  const algorithms = [
    ...HOST_KEY_ALGORITHMS.filter((a) => known.includes(a)),
    ...HOST_KEY_ALGORITHMS.filter((a) => !known.includes(a)),
  ];
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    const started = Date.now();
    let phaseStart = started;
    let problem: HostKeyProblem | null = null;
    let ready = false;
    const elapsed = () => {
      const ms = Date.now() - phaseStart;
      phaseStart = Date.now();
      return ms;
    };
    client.on('keyboard-interactive', (_name, _instructions, _lang, prompts, finish) => {
      finish(prompts.map(() => auth.password ?? ''));
    });
    client.once('ready', () => {
      ready = true;
      step('ssh-auth', true, elapsed(), `logged in as ${hop.user} (${auth.method})`);
      resolve(client);
    });
    let failed = false;
    // ssh2 may report one broken connection more than once (a proxy's pipes closing, then the
    // handshake), and later ones after the first: every one needs a listener or it kills the
    // process. Only the first during the handshake counts; after it, 'close' tells the tunnel.
    client.on('error', (err) => {
      if (ready || failed) {
        client.end();
        return;
      }
      failed = true;
      const error = problem ? hostKeyError(problem) : mapSshError(err, where, auth.method);
      if (problem) {
        // reported in the verifier
      } else if (phaseStart === started) step('ssh-connect', false, elapsed(), error.message);
      else step('ssh-auth', false, elapsed(), error.message);
      client.end();
      reject(error);
    });
    client.once('close', () => {
      if (!ready)
        reject(mapSshError(new Error('connection closed during the handshake'), where, auth.method));
    });
    client.connect({
      host: hop.host,
      port: hop.port,
      ...(sock ? { sock } : {}),
      username: hop.user,
      agent: auth.agent,
      password: auth.password,
      tryKeyboard: auth.tryKeyboard ?? false,
      authHandler: auth.authHandler,
      algorithms: { serverHostKey: algorithms },
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: options.settings.keepaliveSeconds * 1000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer): boolean => {
        step(
          'ssh-connect',
          true,
          elapsed(),
          `reached ${hop.host}:${hop.port}${hop.alias !== hop.host ? ` (${hop.alias})` : ''}`,
        );
        const verdict = options.hostKeys.check(hop.knownHostsName, hop.port, key, hop.knownHostsFiles);
        if (verdict.ok) {
          step('host-key', true, elapsed(), `matches ${verdict.file}`);
          return true;
        }
        problem = verdict.problem;
        step('host-key', false, elapsed(), hostKeyError(verdict.problem).message);
        return false;
      },
    });
  });
}

/** Logs in to every hop in turn (each through a channel of the previous one). */
export async function connectSsh(options: SshConnectOptions): Promise<SshSession> {
  const { target, jumps } = resolveSsh(options.settings, options.env);
  const hops = [...jumps, target];
  const clients: Client[] = [];
  // The first hop may be reached through a ProxyCommand (ssh -W, aws ssm, cloudflared…).
  const first = hops[0]!;
  const proxy = first.proxyCommand ? startProxyCommand(first.proxyCommand, whereOf(first)) : null;
  const close = () => {
    [...clients].reverse().forEach((c) => c.end());
    proxy?.stop();
  };
  try {
    for (const [index, hop] of hops.entries()) {
      const previous = clients[index - 1];
      const sock = previous
        ? await forwardOut(previous, hop.host, hop.port, whereOf(hops[index - 1]!))
        : proxy?.sock;
      clients.push(
        await connectHop(hop, sock, options).catch(async (err: unknown) => {
          // A proxy that died explains the failure better than the closed stream it left behind.
          throw (index === 0 && (await proxy?.failure())) || err;
        }),
      );
    }
  } catch (err) {
    close();
    throw err;
  }
  const via = jumps.length ? ` via ${jumps.map(whereOf).join(', ')}` : proxy ? ' via ProxyCommand' : '';
  return { client: clients[clients.length - 1]!, where: `${whereOf(target)}${via}`, close };
}
