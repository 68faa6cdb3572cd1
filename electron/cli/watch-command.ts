import type { Source } from '../../shared/connection.ts';
import { postWebhook, runCommand } from '../engine/watch/notifiers.ts';
import { runWatch, Watcher, type WatchEvent } from '../engine/watch/watcher.ts';
import type { CliIo, OpenEngine } from './cli-io.ts';
import { oneLine } from './print.ts';
import { parseWatchArgs, WATCH_USAGE } from './watch-args.ts';

const sourceName = (source: Source, description: string) =>
  source.kind === 'profile' ? source.name : source.kind === 'demo' ? 'demo' : description;

/** `logdesk watch`: polls until Ctrl+C (or --polls), one stdout line per incident and per recovery. */
export async function watchCommand(argv: string[], openEngine: OpenEngine, io: CliIo): Promise<number> {
  const command = parseWatchArgs(argv);
  if (command === 'help') {
    io.stdout(`${WATCH_USAGE}\n`);
    return 0;
  }
  const engine = await openEngine();
  const connections = engine.context.connections;
  const db = await connections.get(command.source); // fails fast (exit 3) on a bad source
  const name = oneLine(sourceName(command.source, db.description), 200);
  const notify = async (e: WatchEvent) => {
    io.stdout(`${e.at} ${oneLine(e.message, 1_000)}\n`);
    const jobs: Promise<void>[] = [];
    if (command.webhook) jobs.push(postWebhook(command.webhook, e));
    if (command.command) jobs.push(runCommand(command.command, e));
    for (const r of await Promise.allSettled(jobs))
      if (r.status === 'rejected') io.stderr(`logdesk watch: ${(r.reason as Error).message}\n`);
  };
  const watcher = new Watcher(
    () => connections.get(command.source),
    {
      name,
      filters: command.filters,
      everyMs: command.everyMs,
      baselineMs: command.baselineMs,
      thresholds: command.thresholds,
      quietHours: command.quietHours,
    },
    notify,
    engine.context.platform.now,
  );
  const stop = new AbortController();
  const onSigint = () => stop.abort();
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  io.stderr(
    `logdesk watch: watching ${name} every ${command.everyMs / 1000}s against the last ${command.baselineMs / 60_000} min (Ctrl+C stops)\n`,
  );
  let failing = false;
  try {
    await runWatch(watcher, {
      signal: stop.signal,
      ...(command.polls !== undefined ? { maxPolls: command.polls } : {}),
      onPoll: () => {
        if (failing) io.stderr('logdesk watch: polling works again\n');
        failing = false;
      },
      onError: (message) => {
        // One line per failing streak, not one per poll.
        if (!failing)
          io.stderr(
            `logdesk watch: poll failed, retrying every ${command.everyMs / 1000}s: ${oneLine(message, 300)}\n`,
          );
        failing = true;
      },
    });
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
  }
  return 0;
}
