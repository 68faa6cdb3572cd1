import { AppError, toAppError } from '../../shared/errors.ts';
import { createEngine, type Engine } from '../engine/engine.ts';
import { nodePlatform } from '../engine/platform/node-platform.ts';
import { INVESTIGATE_USAGE, parseInvestigateArgs, type InvestigateCommand } from './investigate-args.ts';
import type { Filters } from '../../shared/filters.ts';
import { formatInvestigation } from './print.ts';
import { formatInsights, insightsDocument, prepareLlm, runCliAnalysis } from './investigate-analysis.ts';
import { applyQuestion } from './ask-command.ts';
import { cliHint, profilesCommand } from './profiles-command.ts';
import { ReportExportResult, type ReportRequestInput } from '../../shared/contract/reports.ts';
import { runJob } from './await-job.ts';
import { terminalText } from './terminal-text.ts';
import { watchCommand } from './watch-command.ts';
import { webCommand } from './web-command.ts';
import { usageCommand } from './usage-command.ts';

const USAGE = `Usage: logdesk <command> [options]

Commands:
  investigate   query failed requests, print or export them (logdesk investigate --help)
  usage         all requests: error rate, latency, tokens, spend by model, deployment, key, team (logdesk usage --help)
  profiles      saved connections: direct, SSH tunnel, psql in a container (logdesk profiles help)
  web           serve the UI on 127.0.0.1 for a browser (logdesk web --help)
  watch         poll a source and notify when errors spike (logdesk watch --help)

Run with no database of your own: logdesk investigate --demo --since 7d`;

/** `reportWithoutAnalysis`: `--llm --out` wrote the report, but the LLM analysis failed (README). */
export const EXIT = { ok: 0, badArguments: 2, failure: 3, reportWithoutAnalysis: 4, interrupted: 130 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

async function investigateCommand(argv: string[], engine: () => Engine, io: CliIo): Promise<number> {
  const command = parseInvestigateArgs(argv);
  if (command === 'help') {
    io.stdout(`${INVESTIGATE_USAGE}\n`);
    return EXIT.ok;
  }
  if (command.llm || command.ask) await prepareLlm(engine(), process.env);
  const asked = await applyQuestion(engine(), command, command.json ? io.stderr : io.stdout);
  const filters = await withProfileDefaults(engine(), asked);
  const result = await engine().call('investigation.run', { source: command.source, filters });
  const insights = await engine().call('analysis.insights', { investigationId: result.id });
  if (!command.json) io.stdout(formatInvestigation(result) + formatInsights(insights));
  let analysis: Awaited<ReturnType<typeof runCliAnalysis>> | undefined;
  let analysisFailure: AppError | undefined;
  if (command.llm) {
    try {
      analysis = await runCliAnalysis(engine(), result.id, { tokens: command.json ? io.stderr : io.stdout, notes: io.stderr });
    } catch (err) {
      const e = toAppError(err);
      // The query and patterns succeeded: a report is still worth writing, without the analysis.
      if (command.outDir === undefined || e.code === 'CANCELLED') throw e;
      analysisFailure = e;
      io.stderr(`logdesk: the analysis failed: ${e.message}\n`);
    }
  }
  if (command.json) {
    const { id: _id, ...document } = result;
    const timings = { ...document.timings, ...insights.timings };
    const full = { ...document, ...insightsDocument(insights), timings, ...(analysis ? { analysis: analysis.markdown } : {}) };
    io.stdout(`${JSON.stringify(full, null, 2)}\n`);
  }
  if (command.outDir !== undefined) {
    const report = await exportInterruptibly(engine(), {
      investigationId: result.id,
      outDir: command.outDir,
      ...(analysisFailure ? { analysisFailure: analysisFailure.message } : {}),
    });
    // With --json, stdout holds only the document; say where the report went on stderr.
    (command.json ? io.stderr : io.stdout)(`Report written to ${report.dir} (${report.files.join(', ')})\nOpen ${report.html}\n`);
    if (analysisFailure) {
      io.stderr(`logdesk: the report was written without the LLM analysis (exit ${EXIT.reportWithoutAnalysis})\n`);
      return EXIT.reportWithoutAnalysis;
    }
  }
  return EXIT.ok;
}

/**
 * The export as a job that Ctrl+C cancels: the writer then removes its temp files (a plain
 * interrupt would leave a hidden multi-MB `.errors.*.tmp` behind).
 */
async function exportInterruptibly(engine: Engine, request: ReportRequestInput): Promise<ReportExportResult> {
  let jobId: string | null = null;
  let interrupted = false;
  const cancel = () => {
    interrupted = true;
    if (jobId) void engine.call('job.cancel', { jobId });
  };
  process.once('SIGINT', cancel);
  try {
    const finished = await runJob(engine, async () => {
      const started = await engine.call('report.start', request);
      jobId = started.jobId;
      if (interrupted) void engine.call('job.cancel', { jobId });
      return started;
    });
    if (finished.status !== 'done') {
      if (interrupted) throw new InterruptedError();
      throw finished.error ? AppError.fromData(finished.error) : new AppError('CANCELLED', 'The export was cancelled; nothing was written');
    }
    return ReportExportResult.parse(finished.result);
  } finally {
    process.removeListener('SIGINT', cancel);
  }
}

class InterruptedError extends AppError {
  constructor() {
    super('CANCELLED', 'Interrupted: the export was cancelled and its temporary files removed; nothing was written');
  }
}

/** A profile's default filters apply to every filter the command line left unset. */
async function withProfileDefaults(engine: Engine, command: InvestigateCommand): Promise<Filters> {
  const { source } = command;
  if (source.kind !== 'profile') return command.filters;
  const { profiles } = await engine.call('profiles.list', {});
  const profile = profiles.find((p) => p.profile.name === source.name);
  if (!profile) {
    const saved = profiles.map((p) => p.profile.name);
    throw new AppError(
      'BAD_ARGUMENT',
      `--profile: no saved profile named "${source.name}" (${saved.length ? `saved: ${saved.join(', ')}` : 'none saved yet: logdesk profiles add'})`,
    );
  }
  const defaults = profile.profile.defaultFilters;
  if (!defaults) return command.filters;
  const filters = { ...command.filters };
  if (defaults.timeRange && !command.given.has('timeRange')) filters.timeRange = defaults.timeRange;
  for (const field of ['keyAliases', 'models', 'errorTypes', 'statusCodes', 'teamAliases'] as const) {
    const value = defaults[field];
    if (value && !command.given.has(field)) filters[field] = value;
  }
  return filters;
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
  let engine: Engine | null = null;
  // In web mode the person is in the browser: a secret prompt on the server's terminal would stall the request.
  const getEngine = () => (engine ??= createEngine(nodePlatform(process.env, { prompt: command !== 'web' })));
  try {
    switch (command) {
      case 'investigate':
        return await investigateCommand(rest, getEngine, io);
      case 'usage':
        return await usageCommand(rest, getEngine, io);
      case 'profiles':
        return await profilesCommand(rest, getEngine, io);
      case 'web':
        return await webCommand(rest, getEngine, io);
      case 'watch':
        return await watchCommand(rest, getEngine, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(`${USAGE}\n`);
        return command === undefined ? EXIT.badArguments : EXIT.ok;
      default:
        throw new AppError('BAD_ARGUMENT', `unknown command "${command}" (commands: investigate, usage, profiles, web, watch)`);
    }
  } catch (err) {
    const e = toAppError(err);
    io.stderr(`logdesk: ${e.message}\n${cliHint(e.toData(), argv)}`);
    if (err instanceof InterruptedError) return EXIT.interrupted;
    return e.code === 'BAD_ARGUMENT' ? EXIT.badArguments : EXIT.failure;
  } finally {
    await (engine as Engine | null)?.close();
  }
}
