import {
  expectedKinds,
  type CallField,
  type ColumnKind,
  PRICE_PARTS,
  type PricePart,
  type PriceTable,
  type SourceMapping,
  type TableColumn,
} from '../../shared/source-mapping.ts';
import { choices, type ColumnChoice } from './column-choices.ts';

/**
 * The parts of a mapping beside the call table, as the form edits them (DESIGN §9): lookups (a name
 * from another table), the price table and the roll-up table. Draft values are strings; '' is "not set".
 */

/** A field read through a lookup table, as typed: `table.column` where `table.key` equals the field's column. */
export interface LookupDraft {
  table: string;
  key: string;
  column: string;
}
export type LookupsDraft = Partial<Record<CallField, LookupDraft>>;

/** The price table as typed; optional columns '' when absent. */
export interface PriceTableDraft {
  table: string;
  model: string;
  input: string;
  output: string;
  per: '1000' | '1000000';
  currency: string;
  active: string;
  effectiveFrom: string;
}

export { PRICE_PARTS, type PricePart };

export const PRICE_LABELS: Record<PricePart, string> = {
  model: 'Model column',
  input: 'Input price',
  output: 'Output price',
  currency: 'Currency',
  active: 'Active flag',
  effectiveFrom: 'Effective from',
};
const PRICE_REQUIRED: readonly PricePart[] = ['model', 'input', 'output'];
export const priceRequired = (part: PricePart) => PRICE_REQUIRED.includes(part);

const PRICE_KINDS: Record<PricePart, readonly ColumnKind[]> = {
  model: ['text'],
  input: ['number'],
  output: ['number'],
  currency: ['text'],
  active: ['boolean', 'number'],
  effectiveFrom: ['time'],
};
const PRICE_NAMES: Record<PricePart, RegExp> = {
  model: /^(model_name|model)$/i,
  input: /^input_price/i,
  output: /^output_price/i,
  currency: /^currency$/i,
  active: /^(is_active|active)$/i,
  effectiveFrom: /^(effective_date|effective_from|valid_from)$/i,
};

/** A price column's list: the one its name suggests first, then fitting types, then the rest. */
export const priceColumnChoices = (part: PricePart, columns: readonly TableColumn[]): ColumnChoice[] =>
  choices(columns, PRICE_KINDS[part], (name) => PRICE_NAMES[part].test(name));

/** The lookup table's key column list (`id` first) and its shown column list (`name`, `username` first). */
export const lookupKeyChoices = (columns: readonly TableColumn[]): ColumnChoice[] =>
  choices(columns, ['text', 'number'], (name) => name === 'id');
export const lookupShownChoices = (field: CallField, columns: readonly TableColumn[]): ColumnChoice[] =>
  choices(columns, expectedKinds(field), (name) => /^(name|username|display_name|title|label)$/i.test(name));

export function priceDraft(p: PriceTable | undefined): PriceTableDraft | null {
  if (!p) return null;
  return {
    table: p.table,
    model: p.model,
    input: p.input,
    output: p.output,
    per: p.per === 1_000_000 ? '1000000' : '1000',
    currency: p.currency ?? '',
    active: p.active ?? '',
    effectiveFrom: p.effectiveFrom ?? '',
  };
}

/** A fresh price table on `table`, its columns guessed from their names. */
export function newPriceDraft(table: string, columns: readonly TableColumn[]): PriceTableDraft {
  const guess = (part: PricePart) => priceColumnChoices(part, columns).find((c) => c.suggested)?.value ?? '';
  const input = guess('input');
  return {
    table,
    model: guess('model'),
    input,
    output: guess('output'),
    per: /1m|million/i.test(input) ? '1000000' : '1000',
    currency: guess('currency'),
    active: guess('active'),
    effectiveFrom: guess('effectiveFrom'),
  };
}

/** The price table as the mapping schema takes it: optional columns left out when not set. */
export function priceFromDraft(p: PriceTableDraft): Record<string, unknown> {
  return {
    table: p.table,
    model: p.model,
    input: p.input,
    output: p.output,
    per: Number(p.per),
    ...(p.currency ? { currency: p.currency } : {}),
    ...(p.active ? { active: p.active } : {}),
    ...(p.effectiveFrom ? { effectiveFrom: p.effectiveFrom } : {}),
  };
}

export function lookupsDraft(l: SourceMapping['lookups']): LookupsDraft {
  const out: LookupsDraft = {};
  for (const [field, lookup] of Object.entries(l ?? {}))
    if (lookup) out[field as CallField] = { table: lookup.table, key: lookup.key, column: lookup.column };
  return out;
}

/** A new lookup on `table` for a field: its key `id` and shown column `name` when the table has them. */
export function newLookup(field: CallField, table: string, columns: readonly TableColumn[]): LookupDraft {
  return {
    table,
    key: lookupKeyChoices(columns).find((c) => c.suggested)?.value ?? '',
    column: lookupShownChoices(field, columns).find((c) => c.suggested)?.value ?? '',
  };
}

/**
 * The form field a schema issue belongs to: a call field, `success`, `table`, `lookups.<field>.<part>`,
 * `priceTable.<part>` or `rollups` (the engine's problems use the same keys).
 */
export function problemField(path: readonly PropertyKey[]): string {
  const [head, key, part] = path.map(String);
  if (head === 'columns' && key) return key;
  if (head === 'lookups' && key) return `lookups.${key}.${part ?? 'table'}`;
  if (head === 'priceTable') return `priceTable.${key ?? 'table'}`;
  if (head === 'rollups') return 'rollups';
  return head === 'success' ? 'success' : (head ?? 'table');
}

/** An empty draft part said in words at its field: which part, and what to pick. */
export function emptyPartMessage(field: string): string | null {
  const [head, key, part] = field.split('.');
  if (head === 'lookups' && key)
    return `${key} (lookup): pick the ${part === 'table' ? 'lookup table' : part === 'key' ? 'column its key is matched on' : 'column to show'}`;
  const holds: Record<string, string> = { model: 'model name', input: 'input price', output: 'output price' };
  if (head === 'priceTable')
    return key === 'table'
      ? 'priceTable: pick the price table'
      : `priceTable.${key}: pick the column that holds the ${holds[key ?? ''] ?? key}`;
  return null;
}

/** The table a key column likely points to: `provider_id` → `providers`, `user_id` → `auth_user`; '' when none is clear. */
export function guessLookupTable(column: string, tables: readonly string[]): string {
  const base = column.replace(/_id$/i, '').toLowerCase();
  if (base === column.toLowerCase()) return '';
  const lower = tables.map((t) => t.toLowerCase());
  for (const name of [`${base}s`, base, `auth_${base}`]) {
    const i = lower.indexOf(name);
    if (i >= 0) return tables[i]!;
  }
  return tables.find((t) => t.toLowerCase().endsWith(`_${base}`)) ?? '';
}
