import { join } from 'node:path';
import { app, safeStorage } from 'electron';
import type { Logger, SecretStore } from '../engine/platform/platform.ts';
import { createEncryptedSecretStore } from './encrypted-secrets.ts';

/**
 * Secrets through Electron's safeStorage (macOS Keychain, Windows DPAPI, libsecret/kwallet on Linux).
 * On Linux without a keyring, Chromium falls back to `basic_text`, a fixed key: the user is told
 * their secrets are not protected by a keychain.
 */
export function safeStorageSecrets(log: Logger): { store: SecretStore; warning: string | null } {
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const weak = backend === 'basic_text';
  const warning = weak
    ? 'No OS keychain found (Electron safeStorage backend "basic_text"): saved passwords are only obfuscated, not protected. Install and unlock a keyring (GNOME Keyring or KWallet), or pass secrets through environment variables.'
    : null;
  if (warning) log.warn('weak secret storage', { backend });
  const kind = weak ? 'obfuscated file (no OS keychain: basic_text)' : 'OS keychain (Electron safeStorage)';
  const store = createEncryptedSecretStore(
    join(app.getPath('userData'), 'secrets.json'),
    {
      available: () => safeStorage.isEncryptionAvailable(),
      encrypt: (plain) => safeStorage.encryptString(plain),
      decrypt: (encrypted) => safeStorage.decryptString(encrypted),
    },
    kind,
  );
  return { store, warning };
}
