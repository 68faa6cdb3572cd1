import { createServer, type Server, type Socket } from 'node:net';
import { AppError } from '../../../../shared/errors.ts';
import { forwardOut, type SshSession, type StepReporter } from './ssh-connect.ts';

export interface SshTunnelOptions {
  /** Opens the SSH session (through jump hosts, host key checked). */
  connect: () => Promise<SshSession>;
  /** The database as the SSH server sees it. */
  target: { host: string; port: number };
  /** The SSH session is closed after this long without a forwarded connection. */
  idleMs?: number;
}

/**
 * A local port forwarded through SSH, for node-postgres (which cannot use an ssh2 channel as its
 * socket: TESTING.md). The local listener stays put; the SSH session behind it is opened lazily on
 * the first connection and closed when no connection has used it for `idleMs`.
 */
export class SshTunnel {
  private server: Server | null = null;
  private session: Promise<SshSession> | null = null;
  private readonly sockets = new Set<Socket>();
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The last failure to open the session, so the database layer can report it instead of "connection terminated". */
  lastError: AppError | null = null;

  constructor(private readonly options: SshTunnelOptions) {}

  /** Starts the local listener on 127.0.0.1 (a free port); no SSH yet. */
  async listen(): Promise<{ host: string; port: number }> {
    if (!this.server) {
      const server = createServer((socket) => this.onSocket(socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      this.server = server;
    }
    const address = this.server.address();
    if (!address || typeof address === 'string')
      throw new AppError('INTERNAL', 'The tunnel has no local port');
    return { host: '127.0.0.1', port: address.port };
  }

  /** The open SSH session, opening it if needed; a failure is not cached (the next call retries). */
  ensureSession(): Promise<SshSession> {
    if (this.closed) return Promise.reject(new AppError('CONNECTION_FAILED', 'The SSH tunnel is closed'));
    if (!this.session) {
      const opening = this.options.connect().then((session) => {
        this.lastError = null;
        // Keepalive failures and server restarts end the session: open a new one next time.
        session.client.once('close', () => {
          if (this.session === opening) this.session = null;
        });
        if (this.sockets.size === 0) this.scheduleIdle();
        return session;
      });
      opening.catch((err: AppError) => {
        this.lastError = err;
        if (this.session === opening) this.session = null;
      });
      this.session = opening;
    }
    return this.session;
  }

  get isConnected(): boolean {
    return this.session !== null;
  }

  private onSocket(socket: Socket): void {
    this.sockets.add(socket);
    this.cancelIdle();
    socket.pause();
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.sockets.delete(socket);
      if (this.sockets.size === 0) this.scheduleIdle();
    });
    const { host, port } = this.options.target;
    this.ensureSession()
      .then((session) => forwardOut(session.client, host, port, session.where))
      .then((channel) => {
        if (socket.destroyed) return void channel.destroy();
        channel.on('error', () => socket.destroy());
        socket.pipe(channel).pipe(socket);
        socket.resume();
      })
      .catch((err: AppError) => {
        this.lastError = err;
        socket.destroy();
      });
  }

  private scheduleIdle(): void {
    this.cancelIdle();
    this.idleTimer = setTimeout(() => void this.closeSession(), this.options.idleMs ?? 5 * 60_000);
    this.idleTimer.unref();
  }

  private cancelIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = null;
    const open = await session?.catch(() => null);
    open?.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancelIdle();
    for (const socket of this.sockets) socket.destroy();
    await this.closeSession();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}

/** Opens the tunnel's SSH session now and checks it reaches the database port, reporting the tunnel step. */
export async function checkTunnel(
  tunnel: SshTunnel,
  target: { host: string; port: number },
  onStep?: StepReporter,
): Promise<void> {
  const session = await tunnel.ensureSession();
  const started = Date.now();
  try {
    const channel = await forwardOut(session.client, target.host, target.port, session.where);
    channel.destroy();
    onStep?.('tunnel', true, Date.now() - started, `forwarding to ${target.host}:${target.port}`);
  } catch (err) {
    onStep?.('tunnel', false, Date.now() - started, (err as Error).message);
    throw err;
  }
}
