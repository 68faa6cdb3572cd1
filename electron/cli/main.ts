// Only what `--help` needs is imported here: each command, the engine and its drivers load on
// demand, so the bundled CLI answers help without loading zod, pg, PGlite or ssh2.
import { join } from 'node:path';
import type { Engine } from '../engine/engine.ts';
import { EXIT, type CliIo } from './cli-io.ts';
import { terminalText } from './terminal-text.ts';
// Bundled into the CLI: `--version` reads no file at run time, in the repo or in the packages (app.asar).
import packageJson from '../../package.json' with { type: 'json' };

const USAGE = `Usage: logdesk <command> [options]

Commands:
  investigate   query failed requests, print or export them (logdesk investigate --help)
  usage         all requests: error rate, latency, tokens, spend by model, deployment, key, team (logdesk usage --help)
  profiles      saved connections: direct, SSH tunnel, psql in a container (logdesk profiles help)
  web           serve the UI on 127.0.0.1 for a browser (logdesk web --help)
  watch         poll a source and notify when errors spike (logdesk watch --help)
  check         is the database telling the truth, and will it hold? integrity and health (logdesk check --help)

Options:
  --version, -v print the version

Run with no database of your own: logdesk investigate --demo --since 7d`;

/** The demo snapshot `npm ci` / `npm run build` prepare (scripts/prepare-demo.ts); the sources and the bundle are both two folders deep. */
const PREPARED_DEMO = join(import.meta.dirname, '../../out/demo');

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

async function loadEngine() {
  const [{ createEngine }, { nodePlatform }] = await Promise.all([
    import('../engine/engine.ts'),
    import('../engine/platform/node-platform.ts'),
  ]);
  return { createEngine, nodePlatform };
}

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function main(argv: string[], given: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  // Values from the database reach the terminal escaped (no ESC sequence clears the screen); --json stays exact.
  const exact = argv.includes('--json');
  const io: CliIo = {
    stdout: exact ? given.stdout : (t) => given.stdout(terminalText(t)),
    stderr: (t) => given.stderr(terminalText(t)),
  };
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(`${USAGE}\n`);
    return command === undefined ? EXIT.badArguments : EXIT.ok;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout(`${packageJson.version}\n`);
    return EXIT.ok;
  }
  let opening: Promise<Engine> | null = null;
  // Called by the command once its arguments are parsed and checked: help and bad input load no engine.
  const getEngine = () =>
    (opening ??= loadEngine().then(({ createEngine, nodePlatform }) =>
      // In web mode the person is in the browser: a secret prompt on the server's terminal would stall the request.
      createEngine({
        ...nodePlatform(process.env, { prompt: command !== 'web', demoSnapshotDirs: [PREPARED_DEMO] }),
        // A command waits for the demo anyway: only the web server has pages to serve while it opens.
        demoInThread: command !== 'web',
      }),
    ));
  try {
    switch (command) {
      case 'investigate':
        return await (await import('./investigate-command.ts')).investigateCommand(rest, getEngine, io);
      case 'usage':
        return await (await import('./usage-command.ts')).usageCommand(rest, getEngine, io);
      case 'profiles':
        return await (await import('./profiles-command.ts')).profilesCommand(rest, getEngine, io);
      case 'web':
        return await (await import('./web-command.ts')).webCommand(rest, getEngine, io);
      case 'watch':
        return await (await import('./watch-command.ts')).watchCommand(rest, getEngine, io);
      case 'check':
        return await (await import('./check-command.ts')).checkCommand(rest, getEngine, io);
      default: {
        const { AppError } = await import('../../shared/errors.ts');
        throw new AppError(
          'BAD_ARGUMENT',
          `unknown command "${command}" (commands: investigate, usage, profiles, web, watch, check)`,
        );
      }
    }
  } catch (err) {
    const [{ toAppError }, { cliHint }, { tableHint }] = await Promise.all([
      import('../../shared/errors.ts'),
      import('./host-key-hint.ts'),
      import('./table-hint.ts'),
    ]);
    const e = toAppError(err);
    io.stderr(`logdesk: ${e.message}\n${cliHint(e.toData(), argv)}${tableHint(e.toData(), argv)}`);
    if (err instanceof (await import('./interruptible.ts')).InterruptedError) return EXIT.interrupted;
    return e.code === 'BAD_ARGUMENT' ? EXIT.badArguments : EXIT.failure;
  } finally {
    await (await (opening as Promise<Engine> | null)?.catch(() => null))?.close();
  }
}
