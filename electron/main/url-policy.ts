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
