import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ErrorRow } from '../../../shared/investigation.ts';
import { HOSTILE_CELLS, TERMINAL_ESCAPES } from '../../test-support/hostile-values.ts';
import { csvPageSize } from './csv-export.ts';
import {
  csvField,
  csvRecord,
  csvText,
  ERROR_CSV_COLUMNS,
  errorCsvRecord,
  neutraliseFormula,
  UTF8_BOM,
} from './csv.ts';

/** Any control a terminal acts on (tab and line feed are text). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

describe('csvField', () => {
  it('neutralises every cell a spreadsheet would run as a formula, and nothing else', () => {
    expect(neutraliseFormula(`=cmd|' /C calc'!A0`)).toBe(`'=cmd|' /C calc'!A0`);
    for (const c of ['+1', '-1', '@x', '\tx', '\rx']) expect(neutraliseFormula(c)).toBe(`'${c}`);
    expect(neutraliseFormula('RateLimitError')).toBe('RateLimitError');
    expect(neutraliseFormula('a=b')).toBe('a=b');
  });

  it('neutralises a formula after a separator of any locale, and quotes the field (issue 18, defect 8)', () => {
    // Unquoted, a `;`-separator locale reads this as the cells x, =1+1 and @SUM(1).
    expect(csvField('x;=1+1;@SUM(1)')).toBe(`"'x;=1+1;@SUM(1)"`);
    expect(csvField('a,=1')).toBe(`"'a,=1"`);
    expect(csvField('a\t@x')).toBe(`"'a\t@x"`);
    expect(csvField('a; b')).toBe('"a; b"');
    expect(csvField('retry; next')).toBe('"retry; next"');
  });

  it('writes no terminal escape: every control shown as \\xNN, line breaks kept', () => {
    const field = csvField(`boom${TERMINAL_ESCAPES}\nline two`);
    expect(field).not.toMatch(CONTROLS);
    expect(field).toBe(
      '"boom\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x07\nline two"',
    );
  });

  it('quotes only when needed and doubles quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(612000)).toBe('612000');
    expect(csvField(-3)).toBe('-3'); // numbers are data, not formulas
    expect(csvRecord(['a', null, 1])).toBe('a,,1\r\n');
  });
});

describe('CSV round trip through csv-parse', () => {
  it('gives back every hostile value, formulas neutralised by one leading quote, controls shown', () => {
    const text = csvRecord(['id', 'value']) + HOSTILE_CELLS.map((v, i) => csvRecord([`r${i}`, v])).join('');
    const records: string[][] = parse(text, { relax_column_count: false });
    expect(records[0]).toEqual(['id', 'value']);
    expect(records.slice(1).map((r) => r[1])).toEqual(HOSTILE_CELLS.map(csvText));
    for (const [, value] of records.slice(1)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes one error per record with the documented columns, BOM readable by csv-parse', () => {
    const row: ErrorRow = {
      requestId: 'req-1',
      time: '2026-03-10T10:31:00.000Z',
      model: 'gpt-4o',
      deployment: 'azure/gpt-4o-eu',
      keyAlias: 'o\'brien, "the" key',
      teamAlias: null,
      statusCode: '429',
      errorType: 'RateLimitError',
      errorMessage: `=cmd|' /C calc'!A0\nsecond line`,
      provider: 'azure',
      apiBase: null,
      durationMs: 1234,
      totalTokens: null,
      sources: ['spend_logs', 'error_logs'],
    };
    const text = UTF8_BOM + csvRecord(ERROR_CSV_COLUMNS) + errorCsvRecord(row);
    const [header, record]: string[][] = parse(text, { bom: true });
    expect(header).toEqual([...ERROR_CSV_COLUMNS]);
    const byColumn = Object.fromEntries(header!.map((h, i) => [h, record![i]]));
    expect(byColumn).toMatchObject({
      request_id: 'req-1',
      key_alias: 'o\'brien, "the" key',
      team_alias: '',
      error_message: `'=cmd|' /C calc'!A0\nsecond line`,
      duration_ms: '1234',
      sources: 'spend_logs error_logs',
    });
  });
});

describe('csvPageSize', () => {
  it('reads about five pages, within 2,000 and 25,000 rows each', () => {
    expect(csvPageSize(0)).toBe(2_000);
    expect(csvPageSize(12_019)).toBe(2_404);
    expect(csvPageSize(100_000)).toBe(20_000);
    expect(csvPageSize(1_000_000)).toBe(25_000);
  });
});
