import { AppError } from '../../../../shared/errors.ts';
import { redact } from '../../../../shared/redact.ts';
import { POSTGRES } from '../../sql/dialects/postgres.ts';

export interface ExecFailure {
  /** What ran, for messages: `docker container "pg"`. */
  where: string;
  binary: string;
  /** The database as psql sees it, without secrets. */
  database: string;
  stderr: string;
  exitCode: number | null;
  /** Set when the process could not be started at all. */
  spawnError?: NodeJS.ErrnoException;
}

const INSTALL_HINT: Record<string, string> = {
  docker: 'is Docker installed and on PATH?',
  podman: 'is Podman installed and on PATH?',
  kubectl: 'is kubectl installed and on PATH?',
};

/** The first line that says what went wrong, without psql's LINE/LOCATION context. */
function firstReason(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const useful = lines.find(
    (l) => /error|fatal|failed|not found|no such|refused|denied/i.test(l) && !/^E\d{4} /.test(l),
  );
  return (useful ?? lines[lines.length - 1] ?? '').slice(0, 500);
}

/**
 * Turns how psql-in-a-container failed into one clear AppError: the binary missing on this machine,
 * the container or pod missing, psql missing inside it, the login refused, or a query error.
 */
export function mapExecFailure(f: ExecFailure): AppError {
  const stderr = redact(f.stderr);
  const reason = firstReason(stderr);
  const detail = stderr.trim().slice(0, 2000) || undefined;
  if (f.spawnError) {
    if (f.spawnError.code === 'ENOENT') {
      return new AppError(
        'NOT_FOUND',
        `"${f.binary}" was not found on this machine: ${INSTALL_HINT[f.binary] ?? 'is it installed and on PATH?'}`,
      );
    }
    return new AppError('CONNECTION_FAILED', `Cannot start "${f.binary}": ${f.spawnError.message}`);
  }
  const sql = /^(?:ERROR|FATAL):\s+([0-9A-Z]{5}): (.*)$/m.exec(stderr);
  if (sql) return POSTGRES.mapError({ code: sql[1], message: sql[2] }, f.database);
  if (/No such container|no container with (?:name or ID|ID or name)/i.test(stderr)) {
    return new AppError(
      'CONNECTION_FAILED',
      `The ${f.where} does not exist: check its name (${f.binary} ps)`,
      detail,
    );
  }
  if (/is not running|container .* is paused|state improper/i.test(stderr)) {
    return new AppError('CONNECTION_FAILED', `The ${f.where} is not running`, detail);
  }
  if (/\(NotFound\)|pods? "[^"]*" not found|namespaces? "[^"]*" not found/i.test(stderr)) {
    return new AppError('CONNECTION_FAILED', `The ${f.where} was not found: ${reason}`, detail);
  }
  if (
    /executable file not found|psql: (?:not found|command not found)|No such file or directory/i.test(
      stderr,
    ) &&
    !/psql: error/.test(stderr)
  ) {
    return new AppError(
      'NOT_FOUND',
      `psql was not found inside the ${f.where}: install the PostgreSQL client there or set the psql path`,
      detail,
    );
  }
  if (
    /Cannot connect to the Docker daemon|connection to the server .* was refused|Unable to connect to the server|error during connect/i.test(
      stderr,
    )
  ) {
    return new AppError(
      'CONNECTION_FAILED',
      `"${f.binary}" cannot reach its daemon or cluster: ${reason}`,
      detail,
    );
  }
  if (
    /password authentication failed|no password supplied|authentication failed|role "[^"]*" does not exist/i.test(
      stderr,
    )
  ) {
    return new AppError(
      'AUTH_FAILED',
      `Login to ${f.database} in the ${f.where} refused: ${reason.replace(/^.*failed: /, '')}`,
      detail,
    );
  }
  if (/database "[^"]*" does not exist/i.test(stderr)) {
    return new AppError(
      'CONNECTION_FAILED',
      `${reason.replace(/^.*failed: (FATAL:\s+)?/, '')} (in the ${f.where})`,
      detail,
    );
  }
  if (/psql: error: /.test(stderr)) {
    return new AppError(
      'CONNECTION_FAILED',
      `psql in the ${f.where} cannot connect: ${reason.replace(/^psql: error: /, '')}`,
      detail,
    );
  }
  const exit = f.exitCode === null ? 'was stopped' : `exited with code ${f.exitCode}`;
  return new AppError(
    'CONNECTION_FAILED',
    `psql via the ${f.where} ${exit}${reason ? `: ${reason}` : ''}`,
    detail,
  );
}
