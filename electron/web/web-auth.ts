import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token per server start: whoever can read the printed URL may use this server, nobody else. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Cookies are shared by every port of a host, so the name carries the port: two servers never clobber each other. */
export function cookieName(port: number): string {
  return `logdesk_${port}`;
}

/** The cookie's value; null when absent or not valid percent-encoding (a forged cookie is no token, not a crash). */
export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The token from a cookie (the browser) or an `Authorization: Bearer` header (scripts, tests). */
export function requestToken(req: IncomingMessage, port: number): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return readCookie(req, cookieName(port));
}

/**
 * Only our own origin may talk to us: the Host header must name the loopback address we listen on
 * (a DNS-rebinding page has its own host name there), and an Origin, when sent, must be ours.
 */
export function trustedOrigin(req: IncomingMessage, port: number): boolean {
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (!req.headers.host || !allowed.has(req.headers.host.toLowerCase())) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && allowed.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}
