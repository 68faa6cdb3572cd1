import type { SecretKind } from '../../../shared/contract/profiles.ts';
import { AppError } from '../../../shared/errors.ts';
import type { Database, ReadOptions, SqlRunner } from '../db/database.ts';
import { SecretNeeded } from '../transports/ssh/ssh-auth.ts';
import type { SecretValues } from './profile-secrets.ts';

/** The server wanted a password and none was given (node-postgres, psql -w, mysql). */
const PASSWORD_MISSING =
  /client password must be a string|no password supplied|password authentication failed|requires a password|asks for a password and none was given|using password: NO/i;

/** Which missing secret made this login fail, if that is why it failed. */
export function missingSecret(err: unknown, secrets: SecretValues): SecretKind | null {
  if (err instanceof SecretNeeded) return err.secret;
  if (!(err instanceof AppError) || secrets.dbPassword !== undefined) return null;
  return PASSWORD_MISSING.test(err.message) ? 'dbPassword' : null;
}

/**
 * Opens a profile's database and, when a login fails for want of a secret the store does not hold,
 * asks for it (CLI: a hidden prompt) and tries again. Logins fail before `work` runs, so
 * retrying never repeats any of its effects.
 */
export class AskingDatabase implements Database {
  private inner: Database;

  constructor(
    private readonly make: (secrets: SecretValues) => Database,
    private secrets: SecretValues,
    private readonly ask: ((kind: SecretKind) => Promise<string | undefined>) | null,
    private readonly explain: (kind: SecretKind) => string,
  ) {
    this.inner = make(secrets);
  }

  get description(): string {
    return this.inner.description;
  }

  get dialect(): Database['dialect'] {
    return this.inner.dialect;
  }

  async readOnly<T>(work: (sql: SqlRunner) => Promise<T>, options?: ReadOptions): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.inner.readOnly(work, options);
      } catch (err) {
        const kind = missingSecret(err, this.secrets);
        if (!kind || attempt >= 3) throw err;
        const value = this.ask ? await this.ask(kind) : undefined;
        if (value === undefined)
          throw new AppError('AUTH_FAILED', `${(err as AppError).message}. ${this.explain(kind)}`);
        this.secrets = { ...this.secrets, [kind]: value };
        await this.inner.close();
        this.inner = this.make(this.secrets);
      }
    }
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
