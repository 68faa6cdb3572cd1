/**
 * What the window may load and open, decided by parsing URLs (never by substring tests, which
 * `file:///…/index.html.evil.com` or `https://app@evil.com` would fool).
 */

/** The window may only show the app's own index.html (file://) or, in development, the Vite dev server origin. */
export function isAppUrl(candidate: string, appIndexUrl: string, devServerUrl?: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  const app = new URL(appIndexUrl);
  if (url.protocol === 'file:' && app.protocol === 'file:') return url.pathname === app.pathname;
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    return url.protocol === dev.protocol && url.host === dev.host;
  }
  return false;
}

/** Only http(s) links leave the app, to the user's browser; file:, javascript:, smb: and the like never do. */
export function externalUrl(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname) return null;
  return url.toString();
}

export const DEEP_LINK_SCHEME = 'logdesk';
const MAX_DEEP_LINK = 16_000;

/**
 * A `logdesk://open?…` link (from the OS: another app, a chat, the browser) → its query string, or
 * the reason it is refused. Only that one exact form: no other host or path, no user, port or hash,
 * no control characters; what the query says is then checked field by field by the renderer.
 */
export function deepLinkQuery(candidate: string): { query: string } | { refused: string } {
  if (candidate.length > MAX_DEEP_LINK)
    return { refused: `the link is longer than ${MAX_DEEP_LINK} characters` };
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(candidate)) return { refused: 'the link contains control characters' };
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { refused: 'it is not a URL' };
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`)
    return { refused: `only ${DEEP_LINK_SCHEME}:// links open Logdesk` };
  if (url.username || url.password || url.port || url.hash)
    return { refused: 'the link carries a user, port or #fragment' };
  if (url.hostname !== 'open' || (url.pathname !== '' && url.pathname !== '/')) {
    return { refused: `expected ${DEEP_LINK_SCHEME}://open?…` };
  }
  return { query: url.search.replace(/^\?/, '') };
}

/** The deep link among a process's arguments (Windows and Linux pass it on the command line). */
export function deepLinkInArgs(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;
}
