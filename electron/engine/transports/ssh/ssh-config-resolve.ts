import { readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import SSHConfig from 'ssh-config';
import type { SshSettings } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';

/** One SSH server to log in to, with ~/.ssh/config applied. */
export interface SshHop {
  /** What the user wrote (an alias or a host name), for messages. */
  alias: string;
  host: string;
  port: number;
  user: string;
  /** IdentityFile entries, expanded, in ~/.ssh/config order. */
  identityFiles: string[];
  /** The name known_hosts is searched under: HostKeyAlias, else the real host name (as ssh does). */
  knownHostsName: string;
  /** UserKnownHostsFile entries, expanded. */
  knownHostsFiles: string[];
  /** ProxyCommand, tokens expanded: used when this hop is reached directly (not through a jump). */
  proxyCommand: string | null;
}

export interface SshEnvironment {
  home: string;
  localUser: string;
  /** ~/.ssh/config, or another file (tests). */
  configFile: string;
}

export function defaultSshEnvironment(): SshEnvironment {
  const home = homedir();
  return { home, localUser: userInfo().username, configFile: join(home, '.ssh', 'config') };
}

function loadConfig(file: string): SSHConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return SSHConfig.parse('');
  }
  try {
    return SSHConfig.parse(text);
  } catch (err) {
    throw new AppError('BAD_ARGUMENT', `${file} cannot be parsed: ${(err as Error).message}`);
  }
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];
const first = (v: string | string[] | undefined): string | undefined => list(v)[0];

/**
 * ssh's tokens: ~ (at the start), %d (home), %u (local user), %h (host), %r (remote user), %p,
 * %n (the host as the user wrote it), %%.
 */
function expand(
  text: string,
  env: SshEnvironment,
  hop: { host: string; user: string; port: number; alias: string },
): string {
  const tokens: Record<string, string> = {
    '%': '%',
    d: env.home,
    u: env.localUser,
    h: hop.host,
    r: hop.user,
    p: String(hop.port),
    n: hop.alias,
  };
  return text.replace(/^~(?=\/|$)/, env.home).replace(/%([%dhurpn])/g, (_m, token: string) => tokens[token]!);
}

/** `[user@]host[:port]` (or `ssh://…`); IPv6 in brackets. */
function parseHostSpec(spec: string): { host: string; user?: string; port?: number } {
  const text = spec.replace(/^ssh:\/\//, '');
  const match = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(text);
  if (!match) throw new AppError('BAD_ARGUMENT', `ssh.jump: expected [user@]host[:port], got "${spec}"`);
  const [, user, host, port] = match;
  return {
    host: host!.replace(/^\[|\]$/g, ''),
    ...(user ? { user } : {}),
    ...(port ? { port: Number(port) } : {}),
  };
}

function resolveHop(
  config: SSHConfig,
  env: SshEnvironment,
  alias: string,
  override: { user?: string; port?: number; proxyCommand?: string },
): SshHop {
  const c = config.compute(alias, { ignoreCase: true });
  const port = override.port ?? (first(c.port) ? Number(first(c.port)) : 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new AppError('BAD_ARGUMENT', `ssh: the port of "${alias}" must be 1–65535`);
  const user = override.user ?? first(c.user) ?? env.localUser;
  const hostName = first(c.hostname)?.replace(/%h/g, alias) ?? alias;
  const hop = { host: hostName, user, port, alias };
  // ssh-config splits the command into words when it holds quotes; the shell gets it back whole.
  const proxy = override.proxyCommand ?? list(c.proxycommand).join(' ');
  return {
    alias,
    host: hostName,
    port,
    user,
    identityFiles: list(c.identityfile).map((f) => expand(f, env, hop)),
    knownHostsName: first(c.hostkeyalias) ?? hostName,
    knownHostsFiles: list(c.userknownhostsfile)
      .flatMap((f) => f.split(/\s+/))
      .filter(Boolean)
      .map((f) => expand(f, env, hop)),
    proxyCommand: proxy && proxy.toLowerCase() !== 'none' ? expand(proxy, env, hop) : null,
  };
}

/** The SSH server of a profile and the jump hosts before it, in connection order. */
export function resolveSsh(
  settings: SshSettings,
  env: SshEnvironment = defaultSshEnvironment(),
): { target: SshHop; jumps: SshHop[] } {
  const config = loadConfig(env.configFile);
  const target = resolveHop(config, env, settings.host, {
    ...(settings.user ? { user: settings.user } : {}),
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.proxyCommand ? { proxyCommand: settings.proxyCommand } : {}),
  });
  // A proxy command of the profile replaces ~/.ssh/config's ProxyJump, as a jump host of the profile does.
  const jumpSpec =
    settings.jump ??
    (settings.proxyCommand
      ? undefined
      : first(config.compute(settings.host, { ignoreCase: true }).proxyjump));
  const jumps =
    !jumpSpec || jumpSpec.toLowerCase() === 'none'
      ? []
      : jumpSpec.split(',').map((spec) => {
          const { host, ...override } = parseHostSpec(spec.trim());
          return resolveHop(config, env, host, override);
        });
  return { target, jumps };
}

/** `ssh user@host:port (jump a, b)`: how a tunnel's route is named in descriptions and errors. */
export function sshRouteLabel(settings: SshSettings, env?: SshEnvironment): string {
  const { target: hop, jumps } = resolveSsh(settings, env);
  return `ssh ${hop.user}@${hop.host}:${hop.port}${jumps.length ? ` (jump ${jumps.map((j) => j.host).join(', ')})` : ''}`;
}
