import {
  SECRET_KINDS,
  type Profile,
  type ProfileSecrets,
  type SecretKind,
} from '../../../shared/contract/profiles.ts';
import type { SecretStore } from '../platform/platform.ts';

/** A profile's secret values, as far as the store holds them. */
export type SecretValues = Partial<Record<SecretKind, string>>;

/** The secret store's key for one secret of one profile. */
export const secretName = (profile: string, kind: SecretKind) => `profile:${profile}:${kind}`;

export const SECRET_LABELS: Record<SecretKind, string> = {
  dbPassword: 'Database password',
  sshPassphrase: 'Passphrase of the SSH key',
  sshPassword: 'SSH password',
};

export async function readSecrets(store: SecretStore, profile: string): Promise<SecretValues> {
  const values: SecretValues = {};
  for (const kind of SECRET_KINDS) {
    const value = await store.get(secretName(profile, kind));
    if (value !== undefined) values[kind] = value;
  }
  return values;
}

/** Applies a `profiles.save` secrets object: a string sets, null deletes, absent keeps. */
export async function writeSecrets(
  store: SecretStore,
  profile: string,
  secrets: ProfileSecrets | undefined,
): Promise<void> {
  if (!secrets) return;
  for (const kind of SECRET_KINDS) {
    const value = secrets[kind];
    if (value === undefined) continue;
    if (value === null) await store.delete(secretName(profile, kind));
    else await store.set(secretName(profile, kind), value);
  }
}

export async function deleteSecrets(store: SecretStore, profile: string): Promise<void> {
  for (const kind of SECRET_KINDS) await store.delete(secretName(profile, kind));
}

/** The secrets an unsaved profile comes with (`profiles.test` from an edit form): nulls dropped. */
export function givenSecrets(secrets: ProfileSecrets | undefined): SecretValues {
  const values: SecretValues = {};
  for (const kind of SECRET_KINDS) {
    const value = secrets?.[kind];
    if (typeof value === 'string') values[kind] = value;
  }
  return values;
}

/** The client's own variable for a profile's database password: MYSQL_PWD (MySQL/MariaDB), else PGPASSWORD. */
export function passwordVariable(profile: Profile): 'MYSQL_PWD' | 'PGPASSWORD' {
  const mysql =
    profile.transport === 'exec'
      ? profile.exec.engine === 'mysql'
      : profile.transport !== 'file' && profile.db.engine === 'mysql';
  return mysql ? 'MYSQL_PWD' : 'PGPASSWORD';
}

/** Without a saved database password, the one in the client's own variable (PGPASSWORD, MYSQL_PWD), as for a URL. */
export function withPasswordVariable(
  profile: Profile,
  saved: SecretValues,
  env: NodeJS.ProcessEnv,
): SecretValues {
  if (saved.dbPassword !== undefined || profile.transport === 'file') return saved;
  const value = env[passwordVariable(profile)];
  return value === undefined || value === '' ? saved : { ...saved, dbPassword: value };
}
