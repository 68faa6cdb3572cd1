import type { ErrorRow, Investigation } from '../../../shared/investigation.ts';
import type { PendingFile, StreamedContent } from './atomic-files.ts';
import { renderReportHtml } from './html/report-html.ts';
import { analysisFile, markdownSummary } from './markdown-summary.ts';
import type { ReportModel } from './report-model.ts';
import { usageCsv } from './usage-csv.ts';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The compact fields the Python analyzer sent to its LLM; scripts read these names. */
export function analysisRows(errors: readonly ErrorRow[]) {
  return errors.map((e) => ({
    request_id: e.requestId,
    time: e.time,
    model: e.model,
    key_name: e.keyAlias,
    status: e.statusCode,
    error_type: e.errorType,
    error_message: e.errorMessage,
  }));
}

/** A JSON array written element by element: 100,000 rows never become one string. */
function jsonArray(items: readonly unknown[]): StreamedContent {
  return async (sink) => {
    if (items.length === 0) return void (await sink.write('[]\n'));
    for (const [i, item] of items.entries()) {
      const text = JSON.stringify(item, null, 2).replace(/\n/g, '\n  ');
      await sink.write(`${i === 0 ? '[\n  ' : ',\n  '}${text}`);
    }
    await sink.write('\n]\n');
  };
}

function queryParams(m: ReportModel, inv: Investigation) {
  return {
    generatedAt: m.generatedAt,
    title: m.title,
    source: m.source,
    filters: inv.query,
    timeZone: m.timeZone,
    totals: {
      total: inv.total,
      returned: inv.errors.length,
      csvRows: m.csvRows,
      byModel: inv.byModel,
      byErrorType: inv.byErrorType,
      byKeyAlias: inv.byKeyAlias,
    },
    spikes: m.spikes,
    patterns: m.patterns?.length ?? null,
    analysis: m.analysisGiven ? { offline: m.analysis.offline, model: m.analysis.model ?? null } : null,
    analysisFailure: m.analysisFailure,
    redaction: { passwords: true, apiKeys: true, tokens: true, ...m.options.redaction },
    notes: inv.notes,
  };
}

/**
 * Every file of DESIGN §5 plus the summary and the CSV, from a redacted model. The CSV comes first:
 * the writers run in order, and the files after it state how many rows it holds.
 */
export function reportFiles(m: ReportModel, csv: StreamedContent): PendingFile[] {
  const inv = m.investigation;
  const later =
    (render: () => string): StreamedContent =>
    (sink) =>
      sink.write(render());
  const files: PendingFile[] = [
    { base: 'errors', ext: 'csv', content: csv },
    { base: 'error_logs_full', ext: 'json', content: jsonArray(inv.errors) },
    { base: 'error_logs_analysis', ext: 'json', content: jsonArray(analysisRows(inv.errors)) },
    { base: 'query_params', ext: 'json', content: later(() => json(queryParams(m, inv))) },
  ];
  if (m.traffic) files.push({ base: 'usage', ext: 'csv', content: usageCsv(m.traffic) });
  if (m.analysisGiven)
    files.push({ base: 'llm_analysis', ext: 'md', content: analysisFile(m.analysis.markdown) });
  files.push(
    { base: 'summary', ext: 'md', content: later(() => markdownSummary(m)) },
    { base: 'report', ext: 'html', content: later(() => renderReportHtml(m)) },
  );
  return files;
}
