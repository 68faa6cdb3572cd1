import { controlsShown } from '../../../shared/control-chars.ts';
import type { ErrorRow } from '../../../shared/investigation.ts';

/** Spreadsheets run a cell starting with these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/**
 * The same after a separator: a spreadsheet in a `;`-separator locale (most of Europe) reads
 * `x;=1+1` as two cells when it ignores the quotes, so `,`, `;` and tab all start a cell.
 */
const FORMULA_AFTER_SEPARATOR = /[,;\t][=+\-@]/;

/** Text a spreadsheet shows as text: a leading `'` stops formula evaluation and is hidden by Excel and LibreOffice. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) || FORMULA_AFTER_SEPARATOR.test(text) ? `'${text}` : text;
}

/** A cell's text as written: controls shown as `\xNN` (a `cat` of the file runs no escape sequence), formulas neutralised. */
export const csvText = (value: string): string => neutraliseFormula(controlsShown(value));

/** One RFC 4180 field: quoted when it holds a quote, a separator of any locale, CR, LF or edge spaces; quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = csvText(value);
  return /[",;\t\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvRecord(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Column names follow the report's JSON files (snake_case, as scripts of the Python analyzer expect). */
export const ERROR_CSV_COLUMNS = [
  'request_id',
  'time_utc',
  'model',
  'deployment',
  'key_alias',
  'team_alias',
  'status_code',
  'error_type',
  'error_message',
  'provider',
  'api_base',
  'duration_ms',
  'total_tokens',
  'sources',
] as const;

export function errorCsvRecord(e: ErrorRow): string {
  return csvRecord([
    e.requestId,
    e.time,
    e.model,
    e.deployment,
    e.keyAlias,
    e.teamAlias,
    e.statusCode,
    e.errorType,
    e.errorMessage,
    e.provider,
    e.apiBase,
    e.durationMs,
    e.totalTokens,
    e.sources.join(' '),
  ]);
}

export const UTF8_BOM = '\uFEFF';
