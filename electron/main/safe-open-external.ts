import { shell } from 'electron';
import { externalUrl } from './url-policy.ts';

/** The one way a link leaves the app: parsed, http(s) only, opened in the user's browser. */
export async function safeOpenExternal(candidate: string): Promise<boolean> {
  const url = externalUrl(candidate);
  if (!url) return false;
  await shell.openExternal(url);
  return true;
}
