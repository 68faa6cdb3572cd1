import type { ResolvedQuery } from '../../../shared/investigation.ts';
import type { Database } from '../db/database.ts';
import { forEachErrorPage } from '../litellm/error-pages.ts';
import type { StreamedContent } from './atomic-files.ts';
import { csvRecord, ERROR_CSV_COLUMNS, errorCsvRecord, UTF8_BOM } from './csv.ts';
import { scrubDeep, type Scrub } from './report-redaction.ts';

export interface CsvExport {
  database: () => Promise<Database>;
  query: ResolvedQuery;
  scrub: Scrub;
  bom: boolean;
  signal?: AbortSignal | undefined;
  /** Called after each page with the rows written so far. */
  onRows?: (written: number) => void;
  pageSize?: number;
}

/**
 * Writes every matching error (not only the rows shown) page by page, one read-only snapshot,
 * redacted row by row: memory stays at one page whatever the total. Resolves the row count.
 */
export function errorsCsv(spec: CsvExport, done: (rows: number) => void): StreamedContent {
  return async (sink) => {
    if (spec.bom) await sink.write(UTF8_BOM);
    await sink.write(csvRecord(ERROR_CSV_COLUMNS));
    const db = await spec.database();
    let written = 0;
    await forEachErrorPage(
      db,
      spec.query,
      async (rows) => {
        await sink.write(rows.map((row) => errorCsvRecord(scrubDeep(row, spec.scrub))).join(''));
        written += rows.length;
        spec.onRows?.(written);
      },
      { signal: spec.signal, ...(spec.pageSize === undefined ? {} : { pageSize: spec.pageSize }) },
    );
    done(written);
  };
}
