import { AppError } from '../../../../shared/errors.ts';

interface Ssh2Error {
  message?: string;
  level?: string;
  code?: string;
}

/** Maps an ssh2 error on the way to `where` (`user@host:port`) to what the user can act on. */
export function mapSshError(err: unknown, where: string, method: string): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as Ssh2Error;
  const message = e.message ?? String(err);
  if (e.level === 'client-socket' || e.code) {
    switch (e.code) {
      case 'ECONNREFUSED':
        return new AppError(
          'CONNECTION_FAILED',
          `SSH connection to ${where} refused: is sshd running and the port right?`,
        );
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new AppError('CONNECTION_FAILED', `Cannot resolve the SSH host of ${where}`);
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return new AppError('CONNECTION_FAILED', `Cannot reach the SSH server ${where} (${e.code})`);
      case 'ECONNRESET':
        return new AppError('CONNECTION_FAILED', `The SSH server ${where} closed the connection`);
    }
  }
  if (e.level === 'client-timeout') {
    return new AppError('CONNECTION_FAILED', `The SSH handshake with ${where} timed out`);
  }
  if (e.level === 'client-authentication' || /authentication methods failed/i.test(message)) {
    return new AppError('AUTH_FAILED', `SSH login to ${where} refused (${method})`);
  }
  if (/agent/i.test(message)) {
    return new AppError('AUTH_FAILED', `ssh-agent failed while logging in to ${where}: ${message}`);
  }
  return new AppError('CONNECTION_FAILED', `SSH to ${where} failed: ${message}`);
}

/** A refused direct-tcpip channel: the SSH server cannot reach the database, or forwarding is off. */
export function mapTunnelError(err: unknown, sshWhere: string, target: string): AppError {
  const message = (err as Error)?.message ?? String(err);
  if (/prohibited/i.test(message)) {
    return new AppError(
      'CONNECTION_FAILED',
      `The SSH server ${sshWhere} does not allow tunnels (AllowTcpForwarding): ${message}`,
    );
  }
  return new AppError(
    'CONNECTION_FAILED',
    `The SSH server ${sshWhere} could not open a tunnel to ${target}: ${message}`,
  );
}
