import type { ExecSettings } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';
import { optionValue, runnerArgv } from './runner-argv.ts';

/** How to start psql: argv (never holding a secret), its environment, and what to write first on stdin. */
export interface PsqlCommand {
  argv: [string, ...string[]];
  env: NodeJS.ProcessEnv;
  /** The password line read by the `sh` wrapper, when the password travels over stdin. */
  stdinPreamble: string;
  /** Names where it runs, for messages: `docker container "pg"`. */
  where: string;
  /** The binary a missing-binary error should name. */
  binary: string;
}

export function passwordVia(settings: ExecSettings): 'env' | 'stdin' {
  if (settings.passwordVia) return settings.passwordVia;
  return settings.runner.kind === 'docker' || settings.runner.kind === 'podman' ? 'env' : 'stdin';
}

export function describeRunner(settings: ExecSettings): string {
  const r = settings.runner;
  switch (r.kind) {
    case 'docker':
    case 'podman':
      return `${r.kind} container "${r.container}"`;
    case 'kubectl':
      return `pod "${r.pod}"${r.namespace ? ` in namespace "${r.namespace}"` : ''}${r.container ? ` (container "${r.container}")` : ''}`;
    case 'custom':
      return `\`${r.command.join(' ')}\``;
  }
}

/** A libpq conninfo value: single-quoted, backslash and quote escaped. */
const conninfoValue = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * psql options: no psqlrc, quiet, never prompt (a prompt would read our stdin), stop at the first
 * error; every value in `--name=VALUE` form so none can be read as an option.
 */
function psqlArgs(s: ExecSettings): string[] {
  return [
    '-X',
    '-q',
    '-w',
    '-v',
    'ON_ERROR_STOP=1',
    '-v',
    'VERBOSITY=verbose',
    // A connection string, so the session shows as application_name=logdesk to a DBA (like direct
    // and SSH sessions); kubectl exec cannot pass PGAPPNAME in the environment.
    `--dbname=dbname=${conninfoValue(s.database ?? '')} application_name=logdesk`,
    ...optionValue('username', s.user),
    ...optionValue('host', s.host),
    ...optionValue('port', s.port),
  ];
}

/** Reads the first stdin line into PGPASSWORD, then becomes psql with the rest of stdin. */
const STDIN_PASSWORD_WRAPPER = 'IFS= read -r PGPASSWORD && export PGPASSWORD && exec "$0" "$@"';

export function buildPsqlCommand(
  settings: ExecSettings,
  password: string | undefined,
  baseEnv: NodeJS.ProcessEnv = process.env,
): PsqlCommand {
  const via = passwordVia(settings);
  const r = settings.runner;
  if (via === 'env' && r.kind === 'kubectl') {
    throw new AppError(
      'BAD_ARGUMENT',
      'exec.passwordVia: kubectl exec cannot pass environment variables into a pod; use "stdin"',
    );
  }
  if (password !== undefined && via === 'stdin' && /[\r\n]/.test(password)) {
    throw new AppError(
      'BAD_ARGUMENT',
      'The database password contains a line break, which cannot be sent over stdin; use passwordVia "env"',
    );
  }
  const withPassword = password !== undefined && password !== '';
  const inner =
    withPassword && via === 'stdin'
      ? ['sh', '-c', STDIN_PASSWORD_WRAPPER, settings.psql, ...psqlArgs(settings)]
      : [settings.psql, ...psqlArgs(settings)];

  const argv = runnerArgv(r, inner, withPassword && via === 'env' ? ['PGPASSWORD'] : []);
  // A PGPASSWORD of the user's shell must not reach a command that was not meant to get one.
  const { PGPASSWORD: _drop, ...env } = baseEnv;
  if (withPassword && via === 'env') env.PGPASSWORD = password;
  return {
    argv,
    env,
    stdinPreamble: withPassword && via === 'stdin' ? `${password}\n` : '',
    where: describeRunner(settings),
    binary: argv[0],
  };
}
