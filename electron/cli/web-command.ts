import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors.ts';
import type { OpenEngine } from './cli-io.ts';
import { ensureRendererBuild } from '../web/renderer-build.ts';
import { startWebServer } from '../web/web-server.ts';

export const WEB_USAGE = `Usage: logdesk web [--port N]

Serves the Logdesk UI and its engine on http://127.0.0.1 (never on other interfaces), on a random
free port unless --port is given. The printed URL carries a one-time access token: open it in a
browser on this machine (or through an SSH port forward). Requests without the token are refused.
Builds the UI first when out/renderer is missing or older than the sources. Stop with Ctrl+C.`;

const REPO_ROOT = resolve(import.meta.dirname, '../..');

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text) || Number(text) > 65535)
    throw new AppError('BAD_ARGUMENT', `--port: expected a port from 0 to 65535, got "${text}"`);
  return Number(text);
}

/**
 * Waits for Ctrl+C / SIGTERM. Once asked to stop, the process exits within a few seconds even if a
 * driver keeps a socket or timer alive (seen: a refused database login held the process for a minute).
 */
export function untilSignal(graceMs = 3_000): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      setTimeout(() => process.exit(process.exitCode ?? 0), graceMs).unref();
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function webCommand(
  argv: string[],
  openEngine: OpenEngine,
  io: { stdout: (t: string) => void; stderr: (t: string) => void },
  stop: () => Promise<void> = untilSignal,
): Promise<number> {
  let values: { port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    throw new AppError(
      'BAD_ARGUMENT',
      (err as Error).message.split('\n')[0]!.replace(/^TypeError \[[A-Z_]+\]: /, ''),
    );
  }
  if (values.help) {
    io.stdout(`${WEB_USAGE}\n`);
    return 0;
  }
  const port = parsePort(values.port);
  const build = await ensureRendererBuild(REPO_ROOT);
  if (build.built) io.stderr(`Built the UI into ${build.dir} (${(build.ms / 1000).toFixed(1)} s)\n`);
  let server;
  try {
    const e = await openEngine();
    void e.openStartSource();
    server = await startWebServer({ engine: e, rendererDir: build.dir, port, log: e.context.platform.log });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new AppError('BAD_ARGUMENT', `--port: port ${port} is already in use`);
    throw err;
  }
  // The watch switches a person turned on in an earlier run go on watching.
  await (await openEngine()).restoreWatches();
  io.stdout(
    `Logdesk is running at ${server.url}\nOpen that address in a browser on this machine. Press Ctrl+C to stop.\n`,
  );
  await stop();
  await server.close();
  return 0;
}
