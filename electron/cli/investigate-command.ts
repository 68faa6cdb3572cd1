import { finishedResult } from '../../shared/contract/job-results.ts';
import type { InvestigationResult } from '../../shared/contract/investigation.ts';
import type { ReportExportResult, ReportRequestInput } from '../../shared/contract/reports.ts';
import { AppError, toAppError } from '../../shared/errors.ts';
import type { Filters } from '../../shared/filters.ts';
import { rateBaseFilters, rateWords } from '../../shared/rate-basis.ts';
import { TrafficFilters } from '../../shared/traffic.ts';
import type { Engine } from '../engine/engine.ts';
import { jobResult, runJob } from './await-job.ts';
import { EXIT, type CliIo, type OpenEngine } from './cli-io.ts';
import { formatInsights, insightsDocument, prepareLlm, runCliAnalysis } from './investigate-analysis.ts';
import { INVESTIGATE_USAGE, parseInvestigateArgs, type InvestigateCommand } from './investigate-args.ts';
import { formatInvestigation } from './print.ts';
import { applyQuestion } from './ask-command.ts';
import { interruptible } from './interruptible.ts';
import { progressOnStderr, type Progress } from './progress.ts';

/**
 * The investigation as a job: Ctrl+C cancels its statements on the server. A query EXPLAIN expects
 * to read more rows than the threshold is refused (exit 2) unless --yes.
 */
async function runInvestigation(
  engine: Engine,
  command: InvestigateCommand,
  filters: Filters,
  io: CliIo,
  progress: Progress,
): Promise<InvestigationResult> {
  try {
    return await interruptible(
      engine,
      () => engine.call('investigation.start', { source: command.source, filters, runAnyway: command.yes }),
      (start) =>
        jobResult(engine, 'investigation.run', start, {
          onProgress: (p) => p.message && progress.step(p.message),
        }),
      'Interrupted: the query was cancelled on the server',
    );
  } catch (err) {
    const e = toAppError(err);
    if (e.code !== 'LARGE_SCAN') throw err;
    io.stderr(`logdesk: note: ${e.message}\n`);
    throw new AppError(
      'BAD_ARGUMENT',
      'refused to start a huge scan: narrow --since/--from/--to or the filters, or add --yes to run it anyway',
    );
  }
}

/**
 * The summary's error rate as the app words it (issue 24 item 12): the failed requests over the
 * requests of the filters, error-only filters dropped from the denominator (shared/rate-basis.ts).
 * A source whose request totals cannot be read still prints its errors: null says so.
 */
async function errorRateWords(
  engine: Engine,
  command: InvestigateCommand,
  filters: Filters,
  failed: number,
): Promise<string | null> {
  try {
    const base = await engine.call('traffic.run', {
      source: command.source,
      filters: TrafficFilters.parse(rateBaseFilters(filters)),
      page: { limit: 1 },
    });
    return rateWords(failed, base.summary.requests, filters);
  } catch (err) {
    if (toAppError(err).code === 'CANCELLED') throw err;
    return null;
  }
}

export async function investigateCommand(argv: string[], openEngine: OpenEngine, io: CliIo): Promise<number> {
  const command = parseInvestigateArgs(argv);
  if (command === 'help') {
    io.stdout(`${INVESTIGATE_USAGE}\n`);
    return EXIT.ok;
  }
  const engine = await openEngine();
  if (command.llm || command.ask) await prepareLlm(engine, process.env);
  const asked = await applyQuestion(engine, command, command.json ? io.stderr : io.stdout);
  const filters = await withProfileDefaults(engine, asked);
  const progress = progressOnStderr(io.stderr);
  const result = await runInvestigation(engine, command, filters, io, progress);
  progress.step('Grouping error patterns');
  const insights = await engine.call('analysis.insights', { investigationId: result.id });
  progress.done();
  if (!command.json)
    io.stdout(
      formatInvestigation(result, undefined, await errorRateWords(engine, command, filters, result.total)) +
        formatInsights(insights),
    );
  let analysis: Awaited<ReturnType<typeof runCliAnalysis>> | undefined;
  let analysisFailure: AppError | undefined;
  if (command.llm) {
    try {
      analysis = await runCliAnalysis(engine, result.id, {
        tokens: command.json ? io.stderr : io.stdout,
        notes: io.stderr,
      });
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
    const full = {
      ...document,
      ...insightsDocument(insights),
      timings,
      ...(analysis ? { analysis: analysis.markdown } : {}),
    };
    io.stdout(`${JSON.stringify(full, null, 2)}\n`);
  }
  if (command.outDir !== undefined) {
    const report = await exportInterruptibly(engine, {
      investigationId: result.id,
      outDir: command.outDir,
      ...(analysisFailure ? { analysisFailure: analysisFailure.message } : {}),
    });
    // With --json, stdout holds only the document; say where the report went on stderr.
    (command.json ? io.stderr : io.stdout)(
      `Report written to ${report.dir} (${report.files.join(', ')})\nOpen ${report.html}\n`,
    );
    if (analysisFailure) {
      io.stderr(
        `logdesk: the report was written without the LLM analysis (exit ${EXIT.reportWithoutAnalysis})\n`,
      );
      return EXIT.reportWithoutAnalysis;
    }
  }
  return EXIT.ok;
}

/**
 * The export as a job that Ctrl+C cancels: the writer then removes its temp files (a plain
 * interrupt would leave a hidden multi-MB `.errors.*.tmp` behind).
 */
function exportInterruptibly(engine: Engine, request: ReportRequestInput): Promise<ReportExportResult> {
  return interruptible(
    engine,
    () => engine.call('report.start', request),
    async (start) => {
      const finished = await runJob(engine, start);
      if (finished.status !== 'done') {
        throw finished.error
          ? AppError.fromData(finished.error)
          : new AppError('CANCELLED', 'The export was cancelled; nothing was written');
      }
      return finishedResult(finished, 'report.export');
    },
    'Interrupted: the export was cancelled and its temporary files removed; nothing was written',
  );
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
