import { createHash, createHmac, randomBytes } from 'node:crypto';

/** One line of an OpenSSH known_hosts file. */
export interface KnownHostEntry {
  marker: 'cert-authority' | 'revoked' | null;
  /** The host field: `host,[host]:2222,*.corp` or a hashed `|1|salt|hash`. */
  hosts: string;
  keyType: string;
  key: Buffer;
  file: string;
  line: number;
}

export type HostKeyCheck =
  | { status: 'known'; file: string }
  | { status: 'unknown' }
  | { status: 'changed'; known: KnownHostEntry[] }
  | { status: 'revoked'; entry: KnownHostEntry };

/** `SHA256:…` without padding, as `ssh-keygen -l` and ssh's prompts show it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written at the start of an SSH public key blob. */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString('ascii');
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0] === '@cert-authority' || fields[0] === '@revoked')
      marker = fields.shift()!.slice(1) as KnownHostEntry['marker'];
    const [hosts, keyType, base64] = fields;
    if (!hosts || !keyType || !base64) return;
    const key = Buffer.from(base64, 'base64');
    // A line whose blob does not name its own type is corrupt: skip it as ssh does.
    if (keyTypeOf(key) !== keyType) return;
    entries.push({ marker, hosts, keyType, key, file, line: index + 1 });
  });
  return entries;
}

/** How known_hosts names a host: `host` on port 22, else `[host]:port`. */
export function hostKeyName(host: string, port: number): string {
  const lower = host.toLowerCase();
  return port === 22 ? lower : `[${lower}]:${port}`;
}

function wildcardMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(name);
}

/** Whether an entry's host field names `[host]:port`: hashed entries, lists, wildcards and `!negation`. */
export function entryMatches(hosts: string, host: string, port: number): boolean {
  const name = hostKeyName(host, port);
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (wildcardMatch(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/**
 * ssh's decision for a presented key: revoked wins, then a matching key, then "changed" when the
 * host has other plain keys, else unknown. Certificate authorities are not used (no certificates).
 */
export function checkHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  key: Buffer,
): HostKeyCheck {
  const forHost = entries.filter((e) => entryMatches(e.hosts, host, port));
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const plain = forHost.filter((e) => e.marker === null);
  const match = plain.find((e) => e.key.equals(key));
  if (match) return { status: 'known', file: match.file };
  if (plain.length) return { status: 'changed', known: plain };
  return { status: 'unknown' };
}

const ALGORITHMS_OF: Record<string, string[]> = {
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/** Host key algorithms to offer first (as ssh does), so a host with a known key shows that key. */
export function preferredAlgorithms(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
): string[] {
  const types = entries
    .filter((e) => e.marker === null && entryMatches(e.hosts, host, port))
    .map((e) => e.keyType);
  return [...new Set(types.flatMap((t) => ALGORITHMS_OF[t] ?? [t]))];
}

/** A hashed known_hosts line (like HashKnownHosts yes): the host name is not readable in the file. */
export function knownHostsLine(host: string, port: number, key: Buffer): string {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(hostKeyName(host, port)).digest('base64');
  return `|1|${salt.toString('base64')}|${hash} ${keyTypeOf(key)} ${key.toString('base64')}`;
}
