import { AppError } from '../../../../shared/errors.ts';

interface PgLikeError {
  code?: string;
  message?: string;
  errno?: number;
  syscall?: string;
}

/** The server ended the statement at its statement_timeout (not a cancel request). */
export function isStatementTimeout(err: unknown): boolean {
  const e = (err ?? {}) as PgLikeError;
  return e.code === '57014' && /statement timeout/i.test(e.message ?? '');
}

/** Maps driver and server errors to codes a user can act on; `where` names the target without secrets. */
export function mapPgError(
  err: unknown,
  where: string,
  at: { connected: boolean } = { connected: false },
): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as PgLikeError;
  const message = e.message ?? String(err);
  // node-postgres's own words when no password was given to a server that asks for one.
  if (/client password must be a string/i.test(message)) {
    return new AppError(
      'AUTH_FAILED',
      `${where} asks for a password and none was given: put it in the URL, in PGPASSWORD, or in the profile's saved password`,
    );
  }
  if (
    at.connected &&
    (e.code === 'ECONNRESET' || /connection terminated|Connection terminated/i.test(message))
  ) {
    return new AppError(
      'CONNECTION_FAILED',
      `The connection to ${where} was lost mid-query (the server restarted, or the network dropped): run the query again once it is back`,
      message,
    );
  }
  switch (e.code) {
    case 'ECONNREFUSED':
      return new AppError(
        'CONNECTION_FAILED',
        `Connection refused by ${where}: is PostgreSQL running and the port right?`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new AppError('CONNECTION_FAILED', `Cannot resolve the host of ${where}`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new AppError('CONNECTION_FAILED', `Cannot reach ${where} (${e.code})`);
    case 'ECONNRESET':
      return new AppError('CONNECTION_FAILED', `Connection to ${where} was reset`);
    case '28P01':
    case '28000':
      return new AppError('AUTH_FAILED', `Login to ${where} refused: ${message}`);
    case '3D000':
      return new AppError('CONNECTION_FAILED', `Database does not exist at ${where}: ${message}`);
    case '57014':
      return /statement timeout/i.test(message)
        ? new AppError('TIMEOUT', `The query ran past its statement timeout on ${where}`)
        : new AppError('CANCELLED', 'The query was cancelled');
    case '57P01':
    case '57P02':
    case '57P03':
      return new AppError(
        'CONNECTION_FAILED',
        `${where} is shutting down or not accepting connections: ${message}`,
      );
    case '42P01':
    case '42703':
      return new AppError('SCHEMA_MISSING', `${message} on ${where}`);
  }
  if (/timeout expired|connection terminated|Connection terminated/i.test(message)) {
    return new AppError('CONNECTION_FAILED', `Cannot connect to ${where}: ${message}`);
  }
  if (/SSL|certificate|self[- ]signed/i.test(message)) {
    return new AppError('CONNECTION_FAILED', `TLS failed with ${where}: ${message}`);
  }
  return new AppError('QUERY_FAILED', `Query failed on ${where}: ${message}`);
}
