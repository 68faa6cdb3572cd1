import type { PriceTable, TableColumn } from '../../../shared/source-mapping.ts';
import type { SqlRunner } from '../db/database.ts';
import { tableColumns } from './introspect.ts';
import type { SqlDialect } from '../sql/dialects/sql-dialect.ts';

/** The first column of these names whose kind fits, if any. */
function pick(
  columns: readonly TableColumn[],
  names: readonly string[],
  kinds: readonly TableColumn['kind'][],
): string | undefined {
  return names.map((n) => columns.find((c) => c.name === n && kinds.includes(c.kind))).find(Boolean)?.name;
}

/**
 * A price table recognised by its shape: a model column (`model_name` as Django's LLMModelPrice names
 * it, or `model`), input and output prices per 1K (or 1M) tokens, and where present the currency, an
 * active flag and the date a price takes effect.
 */
export function priceTableFrom(table: string, columns: readonly TableColumn[]): PriceTable | null {
  const model = pick(columns, ['model_name', 'model'], ['text']);
  const perK = {
    input: pick(columns, ['input_price_per_1k'], ['number']),
    output: pick(columns, ['output_price_per_1k'], ['number']),
  };
  const perM = {
    input: pick(columns, ['input_price_per_1m', 'input_price_per_million'], ['number']),
    output: pick(columns, ['output_price_per_1m', 'output_price_per_million'], ['number']),
  };
  const prices =
    perK.input && perK.output
      ? { ...perK, per: 1000 as const }
      : perM.input && perM.output
        ? { ...perM, per: 1_000_000 as const }
        : null;
  if (!model || !prices) return null;
  const currency = pick(columns, ['currency'], ['text']);
  const active = pick(columns, ['is_active', 'active'], ['boolean', 'number']);
  const effectiveFrom = pick(columns, ['effective_date', 'effective_from', 'valid_from'], ['time']);
  return {
    table,
    model,
    input: prices.input!,
    output: prices.output!,
    per: prices.per,
    ...(currency ? { currency } : {}),
    ...(active ? { active } : {}),
    ...(effectiveFrom ? { effectiveFrom } : {}),
  };
}

/** Django names the price table like the log table: `<app>_llmmodelprice` beside `<app>_llmcalllog`. */
export async function detectPriceTable(
  sql: SqlRunner,
  d: SqlDialect,
  callTable: string,
  tables: readonly string[],
): Promise<PriceTable | null> {
  const prefix = callTable.slice(0, callTable.length - 'llmcalllog'.length);
  const table = tables.find((t) => t.toLowerCase() === `${prefix}llmmodelprice`.toLowerCase());
  const columns = table ? await tableColumns(sql, d.name, table) : null;
  return table && columns ? priceTableFrom(table, columns) : null;
}

/** The columns a roll-up row's model may be in (LLMTokenUsage's `model_name`, or `model`). */
export const ROLLUP_MODEL = ['model_name', 'model'];

/**
 * What a table lacks to be read as roll-ups (`period`, when a row starts — a `period_start` time or
 * LLMTokenUsage's `date` (+ `hour`) — the counts and a model column), in words; null when it has it all.
 */
export function rollupShapeProblem(columns: readonly TableColumn[]): string | null {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const missing: string[] = [];
  if (byName.get('period_start')?.kind !== 'time' && byName.get('date')?.kind !== 'time')
    missing.push('"date" or "period_start" (a date or time column)');
  for (const c of ['period', 'call_count', 'failed_count']) if (!byName.has(c)) missing.push(`"${c}"`);
  if (!ROLLUP_MODEL.some((c) => byName.has(c))) missing.push('"model_name" or "model"');
  return missing.length ? `it has no ${missing.join(', ')} column` : null;
}

/** Django names the roll-up table like the log table: `<app>_llmtokenusage` beside `<app>_llmcalllog`, when it has the roll-up's shape. */
export async function detectRollupTable(
  sql: SqlRunner,
  d: SqlDialect,
  callTable: string,
  tables: readonly string[],
): Promise<{ table: string } | null> {
  const prefix = callTable.slice(0, callTable.length - 'llmcalllog'.length);
  const table = tables.find((t) => t.toLowerCase() === `${prefix}llmtokenusage`.toLowerCase());
  const columns = table ? await tableColumns(sql, d.name, table) : null;
  return table && columns && !rollupShapeProblem(columns) ? { table } : null;
}
