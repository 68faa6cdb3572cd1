// Apart from profiles-command.ts (which loads ssh2): every failing command prints this hint.
import { parseHostKeyProblem, type HostKeyProblem } from '../../shared/contract/profiles.ts';
import type { ErrorData } from '../../shared/errors.ts';

/** How to go on after an SSH host key stopped a connection; printed by every command that connects. */
export function hostKeyAdvice(problem: HostKeyProblem, profile: string | undefined): string {
  if (problem.status !== 'unknown') return 'Logdesk will not connect until known_hosts is corrected.\n';
  const name = profile ?? 'NAME';
  return [
    `The server presented ${problem.keyType} key ${problem.fingerprint}.`,
    'Compare it with the fingerprint of the server (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on it), then accept it:',
    `  logdesk profiles trust ${name} --fingerprint ${problem.fingerprint}`,
    '',
  ].join('\n');
}

/** The extra line `logdesk` prints under an error, e.g. how to trust a host key. */
export function cliHint(error: ErrorData, argv: readonly string[]): string {
  const problem = parseHostKeyProblem(error.detail);
  if (!problem) return '';
  const at = argv.indexOf('--profile');
  const profile =
    at >= 0 ? argv[at + 1] : argv.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
  return hostKeyAdvice(problem, profile);
}
