import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HostKeyProblem } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';
import {
  checkHostKey,
  fingerprint,
  keyTypeOf,
  knownHostsLine,
  parseKnownHosts,
  preferredAlgorithms,
  type KnownHostEntry,
} from './known-hosts.ts';

export interface HostKeyFiles {
  /** Read only: ~/.ssh/known_hosts (or UserKnownHostsFile), /etc/ssh/ssh_known_hosts. */
  read: string[];
  /** Where keys the user accepts in Logdesk are added (also read). */
  accepted: string;
}

export type HostKeyVerdict = { ok: true; file: string } | { ok: false; problem: HostKeyProblem };

/**
 * Checks host keys against known_hosts files and remembers, per host and port, the last key that
 * was refused as unknown, so `accept` can add exactly that key once the user has compared its
 * fingerprint. A changed or revoked key is never accepted here: the user must fix known_hosts.
 */
export class HostKeyStore {
  private readonly pending = new Map<string, Buffer>();

  constructor(private readonly files: HostKeyFiles) {}

  private entries(extraFiles: readonly string[] = []): KnownHostEntry[] {
    const all = [...this.files.read, ...extraFiles, this.files.accepted];
    return [...new Set(all)].flatMap((file) => {
      try {
        return parseKnownHosts(readFileSync(file, 'utf8'), file);
      } catch {
        return []; // a missing file simply knows no hosts
      }
    });
  }

  check(host: string, port: number, key: Buffer, extraFiles: readonly string[] = []): HostKeyVerdict {
    const result = checkHostKey(this.entries(extraFiles), host, port, key);
    const base = { host, port, keyType: keyTypeOf(key), fingerprint: fingerprint(key) };
    switch (result.status) {
      case 'known':
        return { ok: true, file: result.file };
      case 'unknown':
        this.pending.set(`${host.toLowerCase()}:${port}`, key);
        return { ok: false, problem: { ...base, status: 'unknown', knownFingerprints: [] } };
      case 'changed':
        return {
          ok: false,
          problem: {
            ...base,
            status: 'changed',
            knownFingerprints: result.known.map((e) => `${fingerprint(e.key)} (${e.file}:${e.line})`),
          },
        };
      case 'revoked':
        return { ok: false, problem: { ...base, status: 'revoked', knownFingerprints: [] } };
    }
  }

  preferredAlgorithms(host: string, port: number, extraFiles: readonly string[] = []): string[] {
    return preferredAlgorithms(this.entries(extraFiles), host, port);
  }

  /** Adds the pending key of host:port to the accepted file, if its fingerprint is `expected`. */
  accept(host: string, port: number, expected: string): string {
    const key = this.pending.get(`${host.toLowerCase()}:${port}`);
    if (!key) {
      throw new AppError(
        'NOT_FOUND',
        `No unknown host key is waiting for ${host}:${port}: test the connection first, then accept the key it shows`,
      );
    }
    const actual = fingerprint(key);
    if (actual !== expected) {
      throw new AppError(
        'BAD_ARGUMENT',
        `fingerprint: ${host}:${port} presented ${actual}, not ${expected}; the key was not accepted`,
      );
    }
    mkdirSync(dirname(this.files.accepted), { recursive: true });
    appendFileSync(this.files.accepted, `${knownHostsLine(host, port, key)}\n`, { mode: 0o600 });
    this.pending.delete(`${host.toLowerCase()}:${port}`);
    return this.files.accepted;
  }
}

export function hostKeyError(problem: HostKeyProblem): AppError {
  const where = `${problem.host}:${problem.port}`;
  const message =
    problem.status === 'unknown'
      ? `The SSH host key of ${where} is not known yet: ${problem.keyType} ${problem.fingerprint}. Compare it with the server's fingerprint and accept it to continue.`
      : problem.status === 'changed'
        ? `WARNING: the SSH host key of ${where} has CHANGED (now ${problem.keyType} ${problem.fingerprint}; known: ${problem.knownFingerprints.join(', ')}). Someone could be intercepting the connection, or the server was reinstalled. Connection refused: if the change is expected, remove the old entry from known_hosts (ssh-keygen -R).`
        : `The SSH host key of ${where} (${problem.fingerprint}) is marked @revoked in known_hosts: connection refused.`;
  return new AppError('CONNECTION_FAILED', message, JSON.stringify(problem));
}
