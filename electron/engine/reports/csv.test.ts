import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ErrorRow } from '../../../shared/investigation.ts';
import { HOSTILE_CELLS } from '../../test-support/hostile-values.ts';
import { csvPageSize } from './csv-export.ts';
import { csvField, csvRecord, ERROR_CSV_COLUMNS, errorCsvRecord, neutraliseFormula, UTF8_BOM } from './csv.ts';

describe('csvField', () => {
  it('neutralises every cell a spreadsheet would run as a formula, and nothing else', () => {
    expect(neutraliseFormula(`=cmd|' /C calc'!A0`)).toBe(`'=cmd|' /C calc'!A0`);
    for (const c of ['+1', '-1', '@x', '\tx', '\rx']) expect(neutraliseFormula(c)).toBe(`'${c}`);
    expect(neutraliseFormula('RateLimitError')).toBe('RateLimitError');
    expect(neutraliseFormula('a=b')).toBe('a=b');
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
  it('gives back every hostile value, formulas neutralised by one leading quote', () => {
    const text = csvRecord(['id', 'value']) + HOSTILE_CELLS.map((v, i) => csvRecord([`r${i}`, v])).join('');
    const records: string[][] = parse(text, { relax_column_count: false });
    expect(records[0]).toEqual(['id', 'value']);
    expect(records.slice(1).map((r) => r[1])).toEqual(HOSTILE_CELLS.map(neutraliseFormula));
    for (const [, value] of records.slice(1)) expect(value).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes one error per record with the documented columns, BOM readable by csv-parse', () => {
    const row: ErrorRow = {
      requestId: 'req-1',
      time: '2026-03-10T10:31:00.000Z',
      model: 'gpt-4o',
      deployment: 'azure/gpt-4o-eu',
      keyAlias: "o'brien, \"the\" key",
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
      key_alias: "o'brien, \"the\" key",
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
