import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { SecretStore } from '../engine/platform/platform.ts';

/** Electron's safeStorage, reduced to what the store needs (so it can be tested without Electron). */
export interface Cipher {
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

const SecretsFile = z.record(z.string(), z.string());

/**
 * Secrets encrypted by the OS keychain (through safeStorage) in one file of ciphertexts:
 * nothing readable is ever written, and a store without a keychain refuses to save.
 */
export function createEncryptedSecretStore(file: string, cipher: Cipher, kind: string): SecretStore {
  const read = (): Record<string, string> => {
    try {
      const parsed = SecretsFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  };
  const write = (entries: Record<string, string>) => {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entries, null, 2), { mode: 0o600 });
    renameSync(tmp, file);
  };
  return {
    kind,
    get: async (name) => {
      const entry = read()[name];
      if (entry === undefined || !cipher.available()) return undefined;
      try {
        return cipher.decrypt(Buffer.from(entry, 'base64'));
      } catch {
        return undefined; // encrypted under another user's or machine's key
      }
    },
    set: async (name, value) => {
      if (!cipher.available()) {
        throw new Error(
          'No OS keychain is available to encrypt this secret; set it through an environment variable instead.',
        );
      }
      write({ ...read(), [name]: cipher.encrypt(value).toString('base64') });
    },
    delete: async (name) => {
      const entries = read();
      if (!(name in entries)) return;
      delete entries[name];
      write(entries);
    },
  };
}
