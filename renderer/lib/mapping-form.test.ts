import { describe, expect, it } from 'vitest';
import type { TableColumn } from '../../shared/source-mapping.ts';
import { suggestFromNames } from '../../shared/mapping-suggest.ts';
import {
  cellText,
  columnChoices,
  draftFromMapping,
  draftToMapping,
  setColumn,
  successColumnChoices,
  tableChoices,
} from './mapping-form.ts';
import { guessLookupTable, newLookup, newPriceDraft } from './mapping-parts.ts';

const col = (name: string, type: string, kind: TableColumn['kind']): TableColumn => ({ name, type, kind });
// A router's request_logs: nothing built in matches it, so every field comes from names and types.
const ROUTER = [
  col('id', 'bigint', 'number'),
  col('ts', 'timestamp with time zone', 'time'),
  col('model', 'text', 'text'),
  col('provider', 'text', 'text'),
  col('api_key_name', 'text', 'text'),
  col('status_code', 'integer', 'number'),
  col('error', 'text', 'text'),
  col('latency_ms', 'double precision', 'number'),
  col('input_tokens', 'integer', 'number'),
  col('output_tokens', 'integer', 'number'),
  col('created_at', 'text', 'text'),
];

describe('mapping form suggestions from names and types', () => {
  it('maps each field to the column its name suggests, when the type fits', () => {
    const s = suggestFromNames(ROUTER);
    expect(s.columns).toEqual({
      time: 'ts',
      requestId: 'id',
      model: 'model',
      provider: 'provider',
      statusCode: 'status_code',
      errorMessage: 'error',
      promptTokens: 'input_tokens',
      completionTokens: 'output_tokens',
      durationMs: 'latency_ms',
    });
    // `created_at` is named like a time but is text: not suggested for time.
    expect(s.success).toEqual({ kind: 'http', column: 'status_code', min: 200, max: 399 });
  });

  it('prefers a boolean success column, then a text status column', () => {
    expect(
      suggestFromNames([col('ok', 'boolean', 'boolean'), col('status', 'text', 'text')]).success,
    ).toEqual({ kind: 'boolean', column: 'ok' });
    expect(suggestFromNames([col('status', 'varchar(20)', 'text')]).success).toEqual({
      kind: 'status',
      column: 'status',
      successValues: ['success'],
    });
  });

  it('lists the suggested column first, then fitting types, then the rest, each in table order', () => {
    const list = columnChoices('durationMs', ROUTER);
    expect(list[0]).toMatchObject({
      value: 'latency_ms',
      suggested: true,
      fits: true,
      label: 'latency_ms · double precision',
    });
    expect(list.filter((c) => c.fits).map((c) => c.value)).toEqual([
      'latency_ms',
      'id',
      'status_code',
      'input_tokens',
      'output_tokens',
    ]);
    expect(list.slice(5).every((c) => !c.fits)).toBe(true);
    expect(list).toHaveLength(ROUTER.length);
    // A text-named time column is never suggested for time.
    expect(
      columnChoices('time', ROUTER)
        .map((c) => [c.value, c.suggested, c.fits])
        .slice(0, 2),
    ).toEqual([
      ['ts', true, true],
      ['id', false, false],
    ]);
    expect(successColumnChoices('http', ROUTER)[0]!.value).toBe('status_code');
  });

  it('offers the detected built-in shapes first, with the shape named', () => {
    expect(
      tableChoices(
        ['app_llmcalllog', 'app_llmmodelprice', 'llm_tracker_usage', 'request_logs'],
        ['app_llmcalllog', 'llm_tracker_usage'],
      ),
    ).toEqual([
      { value: 'app_llmcalllog', label: 'app_llmcalllog — LLMCallLog', builtIn: true },
      { value: 'llm_tracker_usage', label: 'llm_tracker_usage — Django llm_tracker', builtIn: true },
      { value: 'app_llmmodelprice', label: 'app_llmmodelprice', builtIn: false },
      { value: 'request_logs', label: 'request_logs', builtIn: false },
    ]);
    expect(tableChoices(['LiteLLM_SpendLogs'], ['LiteLLM_SpendLogs'])[0]!.label).toBe(
      'LiteLLM_SpendLogs — LiteLLM',
    );
  });
});

describe('the mapping draft', () => {
  const builtIn = {
    table: 'llm_tracker_usage',
    builtIn: 'llm_tracker_usage',
    columns: { time: 'created_at', model: 'model', errorMessage: 'error' },
    success: { kind: 'boolean' as const, column: 'success' },
  };

  it('reads a mapping back unchanged, and a changed field is no longer the built-in as is', () => {
    expect(draftToMapping(draftFromMapping(builtIn)).mapping).toEqual(builtIn);
    const changed = draftToMapping(setColumn(draftFromMapping(builtIn), 'keyAlias', 'user_id')).mapping!;
    expect(changed.columns.keyAlias).toBe('user_id');
    expect(changed.builtIn).toBeUndefined();
    expect(
      draftToMapping(setColumn(draftFromMapping(builtIn), 'errorMessage', '')).mapping!.columns,
    ).not.toHaveProperty('errorMessage');
  });

  it('builds status and HTTP rules from what was typed, and names the field of a bad one', () => {
    const status = {
      ...draftFromMapping(builtIn),
      successKind: 'status' as const,
      successColumn: 'state',
      successValues: ' ok, done ,,',
    };
    expect(draftToMapping(status).mapping!.success).toEqual({
      kind: 'status',
      column: 'state',
      successValues: ['ok', 'done'],
    });
    expect(draftToMapping({ ...status, successValues: ' , ' }).problems).toEqual({
      success: 'success: name at least one value that means success',
    });
    const http = {
      ...draftFromMapping(builtIn),
      successKind: 'http' as const,
      successColumn: 'code',
      httpMin: '200',
      httpMax: '700',
    };
    expect(draftToMapping(http).problems!.success).toMatch(/^success: /);
    expect(draftToMapping({ ...draftFromMapping(builtIn), successColumn: '' }).problems).toEqual({
      success: expect.stringContaining('pick the column'),
    });
    expect(draftFromMapping({ ...builtIn, success: undefined }).successColumn).toBe('');
  });

  it('cuts long sample values and keeps the full one for the tooltip', () => {
    expect(cellText(null)).toEqual({ text: 'NULL', full: undefined });
    expect(cellText('a\n  b')).toEqual({ text: 'a b', full: undefined });
    expect(cellText('red \u001b[31mtext\u0007')).toEqual({ text: 'red �[31mtext�', full: undefined });
    const long = 'x'.repeat(100);
    expect(cellText(long)).toEqual({ text: `${'x'.repeat(39)}…`, full: long });
  });
});

describe('a built-in mapping through the form', () => {
  const builtIn = {
    table: 'request_logs',
    builtIn: 'request_logs',
    columns: { time: 'created_at', model: 'model', provider: 'provider_id', keyAlias: 'user_id' },
    lookups: { provider: { table: 'providers', key: 'id', column: 'name' } },
    success: {
      kind: 'status' as const,
      column: 'status',
      successValues: ['success'],
      pendingValues: ['pending'],
    },
  };

  it('keeps its lookups and in-flight values when saved as is', () => {
    const saved = draftToMapping(draftFromMapping(builtIn)).mapping!;
    expect(saved.lookups).toEqual(builtIn.lookups);
    expect(saved.success).toEqual(builtIn.success);
  });

  it("drops a field's lookup when the field is mapped to another column", () => {
    const saved = draftToMapping(setColumn(draftFromMapping(builtIn), 'provider', 'model')).mapping!;
    expect(saved.columns.provider).toBe('model');
    expect(saved.lookups).toBeUndefined();
  });
});

describe('lookups, price table and roll-ups through the form', () => {
  const PRICES = [
    col('id', 'bigint', 'number'),
    col('model_name', 'character varying', 'text'),
    col('input_price_per_1k', 'numeric', 'number'),
    col('output_price_per_1k', 'numeric', 'number'),
    col('currency', 'character varying', 'text'),
    col('is_active', 'boolean', 'boolean'),
    col('effective_date', 'date', 'time'),
  ];
  const callLog = {
    table: 'llm_llmcalllog',
    builtIn: 'LLMCallLog',
    columns: { time: 'request_timestamp', model: 'model_name', keyAlias: 'user_id' },
    lookups: { keyAlias: { table: 'auth_user', key: 'id', column: 'username' } },
    success: { kind: 'status' as const, column: 'status', successValues: ['success'] },
    priceTable: {
      table: 'llm_llmmodelprice',
      model: 'model_name',
      input: 'input_price_per_1k',
      output: 'output_price_per_1k',
      per: 1000 as const,
      currency: 'currency',
      active: 'is_active',
      effectiveFrom: 'effective_date',
    },
    rollups: { table: 'llm_llmtokenusage' },
  };

  it('a detected price table and roll-up table come back as they were, and removed they are gone', () => {
    const draft = draftFromMapping(callLog);
    expect(draft.rollupTable).toBe('llm_llmtokenusage');
    const saved = draftToMapping(draft).mapping!;
    expect(saved.priceTable).toEqual(callLog.priceTable);
    expect(saved.rollups).toEqual(callLog.rollups);
    const removed = draftToMapping({ ...draft, priceTable: null, rollupTable: '' }).mapping!;
    expect(removed.priceTable).toBeUndefined();
    expect(removed.rollups).toBeUndefined();
  });

  it('an optional price column cleared is left out; a required one cleared is a problem at its field, in words', () => {
    const draft = draftFromMapping(callLog);
    const noCurrency = draftToMapping({
      ...draft,
      priceTable: { ...draft.priceTable!, currency: '' },
    }).mapping!;
    expect(noCurrency.priceTable).not.toHaveProperty('currency');
    expect(draftToMapping({ ...draft, priceTable: { ...draft.priceTable!, model: '' } }).problems).toEqual({
      'priceTable.model': 'priceTable.model: pick the column that holds the model name',
    });
  });

  it('a new price table guesses its columns from their names; a new lookup takes id and the name column', () => {
    expect(newPriceDraft('llm_llmmodelprice', PRICES)).toEqual({
      table: 'llm_llmmodelprice',
      model: 'model_name',
      input: 'input_price_per_1k',
      output: 'output_price_per_1k',
      per: '1000',
      currency: 'currency',
      active: 'is_active',
      effectiveFrom: 'effective_date',
    });
    expect(
      newLookup('provider', 'providers', [
        col('id', 'integer', 'number'),
        col('base_url', 'text', 'text'),
        col('name', 'text', 'text'),
      ]),
    ).toEqual({
      table: 'providers',
      key: 'id',
      column: 'name',
    });
  });

  it('a key column points to the table its name suggests, and to none when unclear', () => {
    const tables = ['auth_user', 'llm_llmcalllog', 'providers', 'request_logs'];
    expect(guessLookupTable('provider_id', tables)).toBe('providers');
    expect(guessLookupTable('user_id', tables)).toBe('auth_user');
    expect(guessLookupTable('model', tables)).toBe('');
    expect(guessLookupTable('team_id', tables)).toBe('');
  });

  it('a lookup added by hand is saved; one left half-filled is a problem at its own part', () => {
    const draft = {
      ...draftFromMapping(ROUTER_MAPPED),
      lookups: { provider: { table: 'providers', key: 'id', column: 'name' } },
    };
    expect(draftToMapping(draft).mapping!.lookups).toEqual({
      provider: { table: 'providers', key: 'id', column: 'name' },
    });
    const half = { ...draft, lookups: { provider: { table: 'providers', key: 'id', column: '' } } };
    expect(draftToMapping(half).problems).toEqual({
      'lookups.provider.column': 'provider (lookup): pick the column to show',
    });
  });
});

const ROUTER_MAPPED = {
  table: 'request_logs',
  columns: { time: 'created_at', model: 'model', provider: 'provider_id' },
  success: { kind: 'http' as const, column: 'status_code', min: 200, max: 399 },
};
