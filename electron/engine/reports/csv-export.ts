import type { ResolvedQuery } from '../../../shared/investigation.ts';
import type { CallSource } from '../sources/call-source.ts';
import type { StreamedContent } from './atomic-files.ts';
import { csvRecord, ERROR_CSV_COLUMNS, errorCsvRecord, UTF8_BOM } from './csv.ts';
import { scrubDeep, type Scrub } from './report-redaction.ts';

/**
 * Rows per read: about five pages, between 2,000 and 25,000 rows. Each page re-runs the error-set
 * query from its keyset cursor (~1.5 s per page at 100k matches), so few large pages are much faster
 * than many small ones (100k matches: 27 s in pages of 5,000, 5 s in pages of 20,000), while one
 * page stays a few MB and the user still sees progress.
 */
export function csvPageSize(total: number): number {
  return Math.min(25_000, Math.max(2_000, Math.ceil(total / 5)));
}

export interface CsvExport {
  calls: () => Promise<CallSource>;
  query: ResolvedQuery;
  scrub: Scrub;
  bom: boolean;
  signal?: AbortSignal | undefined;
  /** The investigation's total, to size the pages. */
  expectedRows: number;
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
    const calls = await spec.calls();
    let written = 0;
    await calls.forEachErrorPage(
      spec.query,
      async (rows) => {
        await sink.write(rows.map((row) => errorCsvRecord(scrubDeep(row, spec.scrub))).join(''));
        written += rows.length;
        spec.onRows?.(written);
      },
      { signal: spec.signal, pageSize: spec.pageSize ?? csvPageSize(spec.expectedRows) },
    );
    done(written);
  };
}
