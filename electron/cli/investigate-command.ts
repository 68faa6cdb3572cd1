import type { Filters } from '../../shared/filters.ts';
import type { Engine } from '../engine/engine.ts';
import { EXIT, type CliIo } from './cli-io.ts';
import { formatInsights, insightsDocument, prepareLlm, runCliAnalysis } from './investigate-analysis.ts';
import { INVESTIGATE_USAGE, parseInvestigateArgs, type InvestigateCommand } from './investigate-args.ts';
import { formatInvestigation } from './print.ts';

export async function investigateCommand(argv: string[], engine: () => Engine, io: CliIo): Promise<number> {
  const command = parseInvestigateArgs(argv);
  if (command === 'help') {
    io.stdout(`${INVESTIGATE_USAGE}\n`);
    return EXIT.ok;
  }
  if (command.llm) await prepareLlm(engine(), process.env);
  const filters = await withProfileDefaults(engine(), command);
  const result = await engine().call('investigation.run', { source: command.source, filters });
  const insights = await engine().call('analysis.insights', { investigationId: result.id });
  if (!command.json) io.stdout(formatInvestigation(result) + formatInsights(insights));
  const analysis = command.llm
    ? await runCliAnalysis(engine(), result.id, { tokens: command.json ? io.stderr : io.stdout, notes: io.stderr })
    : undefined;
  if (command.json) {
    const { id: _id, ...document } = result;
    const full = { ...document, ...insightsDocument(insights), ...(analysis ? { analysis: analysis.markdown } : {}) };
    io.stdout(`${JSON.stringify(full, null, 2)}\n`);
  }
  if (command.outDir !== undefined) {
    const report = await engine().call('report.export', { investigationId: result.id, outDir: command.outDir });
    // With --json, stdout holds only the document; say where the report went on stderr.
    (command.json ? io.stderr : io.stdout)(`Report written to ${report.dir} (${report.files.join(', ')})\nOpen ${report.html}\n`);
  }
  return EXIT.ok;
}

/** A profile's default filters apply to every filter the command line left unset. */
async function withProfileDefaults(engine: Engine, command: InvestigateCommand): Promise<Filters> {
  const { source } = command;
  if (source.kind !== 'profile') return command.filters;
  const { profiles } = await engine.call('profiles.list', {});
  const defaults = profiles.find((p) => p.profile.name === source.name)?.profile.defaultFilters;
  if (!defaults) return command.filters;
  const filters = { ...command.filters };
  if (defaults.timeRange && !command.given.has('timeRange')) filters.timeRange = defaults.timeRange;
  for (const field of ['keyAliases', 'models', 'errorTypes', 'statusCodes', 'teamAliases'] as const) {
    const value = defaults[field];
    if (value && !command.given.has(field)) filters[field] = value;
  }
  return filters;
}
