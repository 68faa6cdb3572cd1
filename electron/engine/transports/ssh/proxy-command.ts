import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { AppError } from '../../../../shared/errors.ts';

/** A running ProxyCommand: its stdin/stdout as the SSH connection's socket. */
export interface ProxyProcess {
  sock: Duplex;
  /** Why the command failed, once it has exited on its own (null while it runs or after stop()). */
  failure(): Promise<AppError | null>;
  stop(): void;
}

const STDERR_KEPT = 2_000;

/**
 * Starts `command` through the shell, as ssh runs a ProxyCommand (`aws ssm start-session …`,
 * `cloudflared access ssh …`, `ssh -W %h:%p bastion`, `nc …`). Its stderr is kept (the tail) so a
 * command that dies says why instead of a bare "connection closed during the handshake".
 */
export function startProxyCommand(command: string, where: string): ProxyProcess {
  const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-STDERR_KEPT);
  });
  let stopped = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }));
      child.once('exit', (code, signal) => resolve({ code, signal }));
    },
  );
  // Writing to a proxy that has gone away must fail the handshake, not the process.
  child.stdin.on('error', () => undefined);
  const sock = Duplex.from({ readable: child.stdout, writable: child.stdin });
  sock.on('error', () => undefined);
  return {
    sock,
    failure: async () => {
      // The SSH client notices the closed stream slightly before the process is reaped.
      const result = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 300))]);
      if (!result || stopped) return null;
      const reason = result.error
        ? result.error.message
        : result.signal
          ? `was killed by ${result.signal}`
          : result.code === 0
            ? 'ended before the SSH handshake (exit code 0)'
            : `exited with code ${result.code}`;
      const said = stderr.trim().split('\n').slice(-3).join(' ').trim();
      // Only the program: the rest of a command line may carry a token.
      const program = command.trim().split(/\s+/)[0];
      return new AppError(
        'CONNECTION_FAILED',
        `The ProxyCommand (${program}) for ${where} ${reason}${said ? `: ${said}` : ''}`,
      );
    },
    stop: () => {
      stopped = true;
      // EOF first, as ssh does, so the proxy can say goodbye to its far end; then make sure it goes.
      child.stdin.end();
      if (child.exitCode === null && child.signalCode === null) setTimeout(() => child.kill(), 2_000).unref();
    },
  };
}
