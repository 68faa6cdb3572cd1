import { canPrompt, promptHidden } from './hidden-prompt.ts';
import type { SecretStore } from './platform.ts';

/** The variable a secret is read from: `profile:prod:dbPassword` → `LOGDESK_SECRET_PROFILE_PROD_DBPASSWORD`. */
export const secretVariable = (name: string) =>
  `LOGDESK_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;

/**
 * Secrets for the CLI and web mode: read from environment variables (`LOGDESK_SECRET_<NAME>`),
 * held in memory when set during the session, and never written to a file. When a person sits at
 * the terminal, a secret needed right now is asked for with a hidden prompt.
 */
export function createEnvSecretStore(
  env: NodeJS.ProcessEnv = process.env,
  options: { prompt?: boolean } = {},
): SecretStore {
  const session = new Map<string, string>();
  const prompt = options.prompt ?? canPrompt();
  return {
    kind: 'environment variables (LOGDESK_SECRET_<NAME>), kept in memory for this session only',
    get: async (name) => session.get(name) ?? env[secretVariable(name)],
    set: async (name, value) => void session.set(name, value),
    delete: async (name) => void session.delete(name),
    variableOf: secretVariable,
    ...(prompt
      ? {
          ask: async (name: string, label: string) => {
            // Nobody at a terminal (a script, a pipe): no answer, so the error says which variable to set.
            if (!canPrompt()) return undefined;
            const answer = await promptHidden(`${label} (or set ${secretVariable(name)}): `);
            return answer === '' ? undefined : answer;
          },
        }
      : {}),
  };
}
