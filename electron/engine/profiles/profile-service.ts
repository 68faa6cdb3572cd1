import { join } from 'node:path';
import {
  Profile,
  SECRET_KINDS,
  type ProfileSecrets,
  type ProfileSummary,
  type ProfileTestResult,
  type SecretKind,
} from '../../../shared/contract/profiles.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Connections } from '../connections.ts';
import type { Database } from '../db/database.ts';
import type { Platform } from '../platform/platform.ts';
import { HostKeyStore } from '../transports/ssh/host-key-store.ts';
import { defaultSshEnvironment, type SshEnvironment } from '../transports/ssh/ssh-config-resolve.ts';
import type { CallSource } from '../sources/call-source.ts';
import { openCallSource } from '../sources/open-mapped.ts';
import { AskingDatabase, missingSecret } from './asking-database.ts';
import { databaseFor, describeProfile, type TransportDeps } from './open-profile.ts';
import {
  deleteSecrets,
  givenSecrets,
  passwordVariable,
  readSecrets,
  SECRET_LABELS,
  secretName,
  withPasswordVariable,
  writeSecrets,
  type SecretValues,
} from './profile-secrets.ts';
import { ProfileStore } from './profile-store.ts';
import { testConnection } from './check-connection.ts';

export interface ProfileServiceOptions {
  sshEnv?: SshEnvironment;
  processEnv?: NodeJS.ProcessEnv;
}

/**
 * Saved connection profiles and what they open: the store (profiles.json), their secrets (the
 * platform's SecretStore), the host keys the user accepted, and the Connections cache, which it
 * keeps honest by dropping a profile's open connection whenever the profile changes.
 */
export class ProfileService {
  readonly store: ProfileStore;
  readonly hostKeys: HostKeyStore;
  private readonly deps: TransportDeps;

  constructor(
    private readonly platform: Platform,
    private readonly connections: Connections,
    options: ProfileServiceOptions = {},
  ) {
    const sshEnv = options.sshEnv ?? defaultSshEnvironment();
    this.store = new ProfileStore(platform.dataDir);
    this.hostKeys = new HostKeyStore({
      read: [
        join(sshEnv.home, '.ssh', 'known_hosts'),
        join(sshEnv.home, '.ssh', 'known_hosts2'),
        '/etc/ssh/ssh_known_hosts',
      ],
      accepted: join(platform.dataDir, 'known_hosts'),
    });
    this.deps = {
      hostKeys: this.hostKeys,
      sshEnv,
      ...(options.processEnv ? { processEnv: options.processEnv } : {}),
    };
  }

  private async summary(profile: Profile): Promise<ProfileSummary> {
    const secrets = await readSecrets(this.platform.secrets, profile.name);
    return {
      profile,
      hasSecret: {
        dbPassword: 'dbPassword' in secrets,
        sshPassphrase: 'sshPassphrase' in secrets,
        sshPassword: 'sshPassword' in secrets,
      },
      description: describeProfile(profile),
    };
  }

  async list(): Promise<ProfileSummary[]> {
    return Promise.all(this.store.list().map((p) => this.summary(p)));
  }

  async save(
    profile: Profile,
    secrets?: ProfileSecrets,
    options: { replace?: boolean } = {},
  ): Promise<ProfileSummary> {
    const parsed = Profile.parse(profile);
    // Overwriting would also keep the old profile's stored secrets under the new settings.
    if (!options.replace && this.store.list().some((p) => p.name === parsed.name)) {
      throw new AppError(
        'BAD_ARGUMENT',
        `A connection profile named "${parsed.name}" already exists: choose another name, or replace it explicitly (CLI: --replace; profiles.save: replace: true)`,
      );
    }
    this.store.save(parsed);
    await writeSecrets(this.platform.secrets, parsed.name, secrets);
    await this.connections.forget({ kind: 'profile', name: parsed.name });
    this.platform.log.info('profile saved', { name: parsed.name, transport: parsed.transport });
    return this.summary(parsed);
  }

  async remove(name: string): Promise<boolean> {
    const removed = this.store.remove(name);
    await deleteSecrets(this.platform.secrets, name);
    await this.connections.forget({ kind: 'profile', name });
    return removed;
  }

  /** The Connections.profileOpener: the saved profile with its secrets, asking for a missing one if someone can answer. */
  async open(name: string, override: { statementTimeoutSeconds?: number } = {}): Promise<CallSource> {
    const profile = { ...this.store.get(name), ...override };
    // A profile of another engine (or with a table) is a mapped source of calls (DESIGN §9).
    const db = this.openWith(profile, await this.secretsOf(profile), true);
    // Opening reads the catalog now: a failed open closes what it opened (an SSH tunnel kept the CLI alive).
    return openCallSource(db, profile.source).catch(async (err: unknown) => {
      await db.close();
      throw err;
    });
  }

  /**
   * A profile's bare database, without its mapping (the mapping form reads tables through it):
   * saved under `savedName`, or as edited, with typed secrets over the saved ones (null clears one).
   * Never prompts and never stores a secret; the caller closes it.
   */
  async openBare(profile: Profile, secrets: ProfileSecrets = {}, savedName?: string): Promise<Database> {
    const values = savedName ? await readSecrets(this.platform.secrets, savedName) : {};
    for (const kind of SECRET_KINDS) if (secrets[kind] === null) delete values[kind];
    return databaseFor(profile, { ...values, ...givenSecrets(secrets) }, this.deps);
  }

  private openWith(profile: Profile, secrets: SecretValues, remember: boolean): Database {
    const store = this.platform.secrets;
    const ask = store.ask
      ? async (kind: SecretKind) => {
          const value = await store.ask!(
            secretName(profile.name, kind),
            `${SECRET_LABELS[kind]} for profile "${profile.name}"`,
          );
          if (value !== undefined && remember) await store.set(secretName(profile.name, kind), value);
          return value;
        }
      : null;
    return new AskingDatabase(
      (s) => databaseFor(profile, s, this.deps),
      secrets,
      ask,
      (kind) => this.explainMissing(profile, kind),
    );
  }

  /** A saved profile's secrets; the database password may come from PGPASSWORD / MYSQL_PWD instead. */
  private async secretsOf(profile: Profile): Promise<SecretValues> {
    return withPasswordVariable(
      profile,
      await readSecrets(this.platform.secrets, profile.name),
      this.deps.processEnv ?? process.env,
    );
  }

  /** Names what to set: the client's variable for a database password, the store's own variable or place. */
  private explainMissing(profile: Profile, kind: SecretKind): string {
    const store = this.platform.secrets;
    const name = secretName(profile.name, kind);
    const saved = store.variableOf
      ? store.variableOf(name)
      : `save it with the profile (secret "${name}" in ${store.kind})`;
    const either =
      kind === 'dbPassword' && profile.transport !== 'file'
        ? `set ${passwordVariable(profile)} or `
        : store.variableOf
          ? 'set '
          : '';
    return `${SECRET_LABELS[kind]} of profile "${profile.name}" is not set: ${either}${saved}`;
  }

  /** Tests a saved profile, or an unsaved one with the secrets typed into the form (nothing is stored). */
  async test(
    request: { name: string } | { profile: Profile; secrets?: ProfileSecrets | undefined },
  ): Promise<ProfileTestResult> {
    const [profile, secrets] =
      'name' in request
        ? [this.store.get(request.name), await this.secretsOf(this.store.get(request.name))]
        : [request.profile, givenSecrets(request.secrets)];
    // No prompting inside a test: a missing secret is a result the user should see, with where to put it.
    const result = await testConnection(profile, databaseFor(profile, secrets, this.deps), (err) => {
      const kind = missingSecret(err, secrets);
      return kind ? `${err.message}. ${this.explainMissing(profile, kind)}` : err.message;
    });
    this.platform.log.info('profile tested', {
      name: profile.name,
      ok: result.ok,
      failed: result.steps.find((s) => !s.ok)?.step,
    });
    return result;
  }

  acceptHostKey(host: string, port: number, fingerprint: string): string {
    const file = this.hostKeys.accept(host, port, fingerprint);
    this.platform.log.info('ssh host key accepted', { host, port, fingerprint, file });
    return file;
  }
}
