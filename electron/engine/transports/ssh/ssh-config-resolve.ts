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

/** ssh's tokens in paths: ~, %d (home), %u (local user), %h (host), %r (remote user), %p, %%. */
function expand(
  path: string,
  env: SshEnvironment,
  hop: { host: string; user: string; port: number },
): string {
  const withHome = path.replace(/^~(?=\/|$)/, env.home);
  return withHome.replace(/%([%dhurp])/g, (_m, token: string) =>
    token === '%'
      ? '%'
      : token === 'd'
        ? env.home
        : token === 'u'
          ? env.localUser
          : token === 'h'
            ? hop.host
            : token === 'r'
              ? hop.user
              : String(hop.port),
  );
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
  override: { user?: string; port?: number },
): SshHop {
  const c = config.compute(alias, { ignoreCase: true });
  const port = override.port ?? (first(c.port) ? Number(first(c.port)) : 22);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new AppError('BAD_ARGUMENT', `ssh: the port of "${alias}" must be 1–65535`);
  const user = override.user ?? first(c.user) ?? env.localUser;
  const hostName = first(c.hostname)?.replace(/%h/g, alias) ?? alias;
  const hop = { host: hostName, user, port };
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
  });
  const jumpSpec = settings.jump ?? first(config.compute(settings.host, { ignoreCase: true }).proxyjump);
  const jumps =
    !jumpSpec || jumpSpec.toLowerCase() === 'none'
      ? []
      : jumpSpec.split(',').map((spec) => {
          const { host, ...override } = parseHostSpec(spec.trim());
          return resolveHop(config, env, host, override);
        });
  return { target, jumps };
}
