import type { SecretStore } from './platform.ts';

/**
 * Secrets for the CLI and web mode: read from environment variables (`LOGDESK_SECRET_<NAME>`),
 * held in memory when set during the session, and never written to a file.
 */
export function createEnvSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  const session = new Map<string, string>();
  const varName = (name: string) => `LOGDESK_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
  return {
    kind: 'environment variables (LOGDESK_SECRET_<NAME>), kept in memory for this session only',
    get: async (name) => session.get(name) ?? env[varName(name)],
    set: async (name, value) => void session.set(name, value),
    delete: async (name) => void session.delete(name),
  };
}

