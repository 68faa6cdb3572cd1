import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuthenticationType, AuthMethod, ConnectConfig, ParsedKey, PublicKeyAuthMethod } from 'ssh2';
import { loadSsh2 } from './ssh2-module.ts';
import type { SecretKind, SshAuth } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';
import type { SshEnvironment, SshHop } from './ssh-config-resolve.ts';

export interface SshSecrets {
  passphrase?: string | undefined;
  password?: string | undefined;
}

/** A secret the connection cannot go on without; the caller may ask the user and try again. */
export class SecretNeeded extends AppError {
  constructor(
    readonly secret: SecretKind,
    message: string,
  ) {
    super('AUTH_FAILED', message);
  }
}

export type AuthConfig = Pick<ConnectConfig, 'agent' | 'password' | 'tryKeyboard'> & {
  authHandler: AuthenticationType[] | AuthMethod[];
  /** What was tried, for messages: `key ~/.ssh/id_ed25519`, `ssh-agent`, `password`. */
  method: string;
};

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

function keyFileFor(auth: Extract<SshAuth, { method: 'key' }>, hop: SshHop, env: SshEnvironment): string {
  if (auth.keyFile) return auth.keyFile.replace(/^~(?=\/|$)/, env.home);
  const candidates = [...hop.identityFiles, ...DEFAULT_KEYS.map((k) => join(env.home, '.ssh', k))];
  const found = candidates.find((f) => existsSync(f));
  if (!found) {
    throw new AppError(
      'BAD_ARGUMENT',
      `ssh.auth.keyFile: no private key given and none found (${candidates.join(', ')})`,
    );
  }
  return found;
}

/**
 * Reads and decrypts the key here, so a missing or wrong passphrase is named before connecting; the
 * parsed key goes to ssh2 as is (decrypting again would cost the bcrypt rounds twice).
 */
async function loadKey(file: string, passphrase: string | undefined): Promise<ParsedKey> {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (err) {
    throw new AppError(
      'BAD_ARGUMENT',
      `ssh.auth.keyFile: ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const parsed = (await loadSsh2()).utils.parseKey(data, passphrase);
  if (!(parsed instanceof Error)) return Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
  if (/no passphrase given/i.test(parsed.message)) {
    throw new SecretNeeded('sshPassphrase', `The SSH key ${file} is encrypted: its passphrase is needed`);
  }
  if (/bad passphrase|integrity check failed|decrypt/i.test(parsed.message)) {
    throw new AppError('AUTH_FAILED', `Wrong passphrase for the SSH key ${file}`);
  }
  throw new AppError(
    'BAD_ARGUMENT',
    `ssh.auth.keyFile: ${file} is not a private key in OpenSSH or PEM format (${parsed.message})`,
  );
}

/** The ssh2 settings for one hop; every hop of a jump chain uses the profile's method and secrets. */
export async function authConfig(
  auth: SshAuth,
  hop: SshHop,
  secrets: SshSecrets,
  env: SshEnvironment,
  processEnv: NodeJS.ProcessEnv = process.env,
): Promise<AuthConfig> {
  switch (auth.method) {
    case 'key': {
      const file = keyFileFor(auth, hop, env);
      const key = await loadKey(file, secrets.passphrase);
      const method: PublicKeyAuthMethod = { type: 'publickey', username: hop.user, key };
      return { authHandler: [method], method: `key ${file}` };
    }
    case 'agent': {
      const agent = auth.socket ?? processEnv.SSH_AUTH_SOCK;
      if (!agent)
        throw new AppError(
          'AUTH_FAILED',
          'ssh-agent is not available: SSH_AUTH_SOCK is not set (start ssh-agent and ssh-add your key)',
        );
      if (process.platform !== 'win32' && !existsSync(agent)) {
        throw new AppError('AUTH_FAILED', `ssh-agent is not running: its socket ${agent} does not exist`);
      }
      return { agent, authHandler: ['agent'], method: 'ssh-agent' };
    }
    case 'password': {
      if (secrets.password === undefined)
        throw new SecretNeeded('sshPassword', `The SSH password of ${hop.user}@${hop.host} is needed`);
      // Servers using PAM often ask for the password through keyboard-interactive.
      return {
        password: secrets.password,
        tryKeyboard: true,
        authHandler: ['password', 'keyboard-interactive'],
        method: 'password',
      };
    }
  }
}
