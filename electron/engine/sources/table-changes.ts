import { AppError } from '../../../shared/errors.ts';
import {
  PriceTable,
  type PriceTableChange,
  type SourceMapping,
  type TableColumn,
  type TableSpec,
} from '../../../shared/source-mapping.ts';
import type { Database, SqlRunner } from '../db/database.ts';
import { priceTableFrom } from './detect-related.ts';
import { tableColumns } from './introspect.ts';
import { mappingProblems, type RelatedColumns } from './validate-mapping.ts';

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);
const REQUIRED = ['model', 'input', 'output'] as const;

/** The price table with the CLI's changes over the detected one (or over the shape of the table named). */
async function changedPriceTable(
  sql: SqlRunner,
  dialect: NonNullable<Database['dialect']>,
  mapping: SourceMapping,
  change: PriceTableChange,
  tables: readonly string[],
  where: string,
): Promise<PriceTable> {
  const detected = mapping.priceTable;
  const table = change.table ?? detected?.table;
  if (!table)
    throw bad(`--price needs --price-table NAME: no price table is detected beside "${mapping.table}"`);
  let base: Partial<PriceTable> | null = detected?.table === table ? detected : null;
  if (!base) {
    const columns = await tableColumns(sql, dialect, table);
    if (!columns)
      throw bad(
        `--price-table: table "${table}" does not exist (or cannot be read) on ${where} (tables here: ${tables.slice(0, 30).join(', ') || 'none'})`,
      );
    base = priceTableFrom(table, columns) ?? {};
  }
  const merged: Record<string, unknown> = { ...base, table, per: change.per ?? base.per ?? 1000 };
  for (const [part, column] of Object.entries(change.columns ?? {})) {
    if (column === '') delete merged[part];
    else merged[part] = column;
  }
  for (const part of REQUIRED) {
    if (!merged[part])
      throw bad(
        `--price ${part}: no ${part === 'model' ? 'model' : `${part} price`} column found by name in table "${table}"; name it with --price ${part}=COLUMN`,
      );
  }
  return PriceTable.parse(merged);
}

/**
 * The mapping with the price and roll-up tables the spec changes (`--price-table`, `--price`,
 * `--no-price-table`, `--rollup-table`, `--no-rollup-table`); what it leaves alone stays as detected.
 */
export async function withTableChanges(
  sql: SqlRunner,
  dialect: NonNullable<Database['dialect']>,
  mapping: SourceMapping,
  spec: TableSpec | undefined,
  tables: readonly string[],
  where: string,
): Promise<SourceMapping> {
  const out: SourceMapping = { ...mapping };
  if (spec?.priceTable === false) delete out.priceTable;
  else if (spec?.priceTable)
    out.priceTable = await changedPriceTable(sql, dialect, mapping, spec.priceTable, tables, where);
  if (spec?.rollups === false) delete out.rollups;
  else if (spec?.rollups) out.rollups = spec.rollups;
  return out;
}

/** A problem message in the flag's words: `priceTable.input: …` → `--price input: …`. */
function flagWords(message: string): string {
  return message
    .replace(/^priceTable\.(\w+):/, '--price $1:')
    .replace(/^priceTable:/, '--price-table:')
    .replace(/^rollups:/, '--rollup-table:');
}

/**
 * A price or roll-up table the user named that does not fit is an error naming the flag; one only
 * detected is set aside with a note instead (the source still opens).
 */
export function refuseChangedParts(
  mapping: SourceMapping,
  columns: readonly TableColumn[] | null,
  related: RelatedColumns,
  spec: TableSpec | undefined,
  where: string,
): void {
  if (!spec?.priceTable && !spec?.rollups) return;
  const problem = mappingProblems(mapping, columns, where, related).find(
    (p) => (spec.priceTable && p.field.startsWith('priceTable.')) || (spec.rollups && p.field === 'rollups'),
  );
  if (problem) throw bad(flagWords(problem.message));
}
