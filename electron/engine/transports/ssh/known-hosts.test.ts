import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkHostKey,
  entryMatches,
  fingerprint,
  parseKnownHosts,
  preferredAlgorithms,
} from './known-hosts.ts';

/** A syntactically valid key blob of `type` (random body): known_hosts only compares bytes. */
function blob(type: string): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, randomBytes(32)]);
}
const line = (hosts: string, key: Buffer, marker = '') =>
  `${marker}${hosts} ${key.subarray(4, 4 + key.readUInt32BE(0)).toString()} ${key.toString('base64')}`;

describe('known_hosts matching', () => {
  it('matches plain names, [host]:port, lists, wildcards and negations, case-insensitively', () => {
    expect(entryMatches('db.example.com', 'DB.example.com', 22)).toBe(true);
    expect(entryMatches('db.example.com', 'db.example.com', 2222)).toBe(false);
    expect(entryMatches('[db.example.com]:2222', 'db.example.com', 2222)).toBe(true);
    expect(entryMatches('a,b,*.corp', 'x.corp', 22)).toBe(true);
    expect(entryMatches('*.corp,!bad.corp', 'bad.corp', 22)).toBe(false);
    expect(entryMatches('web?', 'web1', 22)).toBe(true);
  });

  it('matches hashed entries (HMAC-SHA1 of the name with the salt)', () => {
    const salt = randomBytes(20);
    const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[10.0.0.5]:2200').digest('base64')}`;
    expect(entryMatches(hashed, '10.0.0.5', 2200)).toBe(true);
    expect(entryMatches(hashed, '10.0.0.5', 22)).toBe(false);
  });

  it('decides known, unknown, changed and revoked like ssh', () => {
    const good = blob('ssh-ed25519');
    const other = blob('ssh-ed25519');
    const rsa = blob('ssh-rsa');
    const entries = parseKnownHosts(
      [
        line('db', good),
        line('db', rsa),
        '# comment',
        line('*', other, '@revoked '),
        'garbage line',
        'x ssh-ed25519 YmFk',
      ].join('\n'),
      'kh',
    );
    expect(entries).toHaveLength(3);
    expect(checkHostKey(entries, 'db', 22, good)).toEqual({ status: 'known', file: 'kh' });
    expect(checkHostKey(entries, 'db', 22, blob('ssh-ed25519')).status).toBe('changed');
    expect(checkHostKey(entries, 'new-host', 22, good).status).toBe('unknown');
    expect(checkHostKey(entries, 'db', 22, other).status).toBe('revoked');
    expect(preferredAlgorithms(entries, 'db', 22)).toEqual([
      'ssh-ed25519',
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
    expect(fingerprint(good)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
