import { resolve } from 'node:path';
import type { Source } from '../../../shared/connection.ts';
import type { ReportExportResult, ReportRequest } from '../../../shared/contract/reports.ts';
import type { Investigation } from '../../../shared/investigation.ts';
import type { Finding } from '../../../shared/health.ts';
import type { Traffic } from '../../../shared/traffic.ts';
import type { CallSource } from '../sources/call-source.ts';
import { localStamp, writeFilesAtomically } from './atomic-files.ts';
import { errorsCsv } from './csv-export.ts';
import { buildReportModel } from './report-model.ts';
import { createScrub, createSourceScrub, knownSecrets } from './report-redaction.ts';
import { reportFiles } from './report-files.ts';

export interface ExportInput {
  investigation: Investigation;
  /** What the investigation read, as safe to show. */
  sourceDescription: string;
  /** The source itself, for the secrets it may hold (a URL's password); never written. */
  source: Source | undefined;
  /** The source the investigation read, reopened for the CSV of every match. */
  calls: () => Promise<CallSource>;
  request: ReportRequest;
  /** Shown as the analysis when no analysis ran (the analysis area's offline summary). */
  offlineMarkdown: string;
  generatedAt: Date;
  signal?: AbortSignal | undefined;
  onProgress?: (done: number, total: number | null, message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** CSV page size; tests lower it to see several pages. */
  pageSize?: number;
  /** The traffic of the same range and filters, for the traffic section and usage_HHMMSS.csv. */
  traffic?: () => Promise<Traffic | null>;
  /** Health-check findings that touch the investigation's range, for the "Data quality" section. */
  dataQuality?: () => Promise<Finding[] | null>;
}

/** Writes one report folder, the same for the app and the CLI: `OUT/YYYY-MM-DD/*_HHMMSS.*`, all or nothing. */
export async function exportReport(input: ExportInput): Promise<ReportExportResult> {
  const { request, signal } = input;
  const secrets = knownSecrets(input.source, input.env);
  const scrub = createScrub(request.options.redaction, secrets);
  const traffic = input.traffic ? await input.traffic() : null;
  const dataQuality = input.dataQuality ? await input.dataQuality() : null;
  const model = buildReportModel({
    traffic,
    dataQuality,
    investigation: input.investigation,
    source: input.sourceDescription,
    request,
    offlineMarkdown: input.offlineMarkdown,
    generatedAt: input.generatedAt,
    scrub,
    scrubSource: createSourceScrub(request.options.redaction, secrets),
  });
  const total = input.investigation.total;
  const csv = errorsCsv(
    {
      calls: input.calls,
      query: input.investigation.query,
      scrub,
      bom: request.options.csvBom,
      expectedRows: total,
      signal,
      onRows: (written) => input.onProgress?.(written, total, `CSV: ${written} of ${total} errors`),
      ...(input.pageSize === undefined ? {} : { pageSize: input.pageSize }),
    },
    (rows) => (model.csvRows = rows),
  );
  const { day, time } = localStamp(input.generatedAt);
  input.onProgress?.(0, total, 'Writing the report');
  const written = await writeFilesAtomically(resolve(request.outDir, day), time, reportFiles(model, csv), {
    signal,
  });
  const html = written.files.find((f) => f.startsWith('report_')) ?? '';
  return { ...written, html: resolve(written.dir, html), csvRows: model.csvRows ?? 0 };
}
