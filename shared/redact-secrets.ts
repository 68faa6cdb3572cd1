import { redact, type RedactionOptions } from './redact.ts';

/**
 * Credentials only (keys, tokens, URL passwords): what the investigation views hide. E-mails and IPs
 * stay readable there, since the user is looking at their own gateway; reports use the full redaction.
 */
export const SECRETS_ONLY: RedactionOptions = {
  apiKeys: true,
  bearerTokens: true,
  urlPasswords: true,
  emails: false,
  ipAddresses: false,
};

export function redactSecrets(text: string): string {
  return redact(text, SECRETS_ONLY);
}
