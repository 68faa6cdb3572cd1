import { AppError } from '../../../shared/errors.ts';
import {
  CALL_FIELDS,
  expectedKinds,
  REQUIRED_FIELDS,
  type ColumnKind,
  type SourceMapping,
  type TableColumn,
} from '../../../shared/source-mapping.ts';

/** A mapping checked against the table's real columns: only these names are ever quoted into SQL. */
export interface CheckedMapping {
  mapping: SourceMapping;
  columns: ReadonlyMap<string, TableColumn>;
}

const SUCCESS_KINDS: Record<SourceMapping['success']['kind'], readonly ColumnKind[]> = {
  boolean: ['boolean', 'number'],
  status: ['text', 'number'],
  http: ['number', 'text'],
};

const kindsText = (kinds: readonly ColumnKind[]) => kinds.join(' or ');

/**
 * Refuses a mapping that names a column the table lacks or one of the wrong type, naming the
 * field, the column and the type expected; `columns` null means the table itself is gone.
 */
export function checkMapping(mapping: SourceMapping, columns: readonly TableColumn[] | null, where: string): CheckedMapping {
  if (!columns) {
    throw new AppError('SCHEMA_MISSING', `Table "${mapping.table}" does not exist (or cannot be read) on ${where}`);
  }
  const byName = new Map(columns.map((c) => [c.name, c]));
  const check = (label: string, column: string, kinds: readonly ColumnKind[]) => {
    const found = byName.get(column);
    if (!found) {
      throw new AppError('BAD_ARGUMENT', `${label}: column "${column}" does not exist in table "${mapping.table}" (expected a ${kindsText(kinds)} column)`);
    }
    if (!kinds.includes(found.kind)) {
      throw new AppError(
        'BAD_ARGUMENT',
        `${label}: column "${column}" of table "${mapping.table}" is ${found.type} (${found.kind}); expected a ${kindsText(kinds)} column`,
      );
    }
  };
  for (const field of REQUIRED_FIELDS) {
    if (!mapping.columns[field]) {
      throw new AppError('BAD_ARGUMENT', `${field}: no column is mapped (expected a ${kindsText(expectedKinds(field))} column)`);
    }
  }
  for (const field of CALL_FIELDS) {
    const column = mapping.columns[field];
    if (column) check(field, column, expectedKinds(field));
  }
  check(`success (${mapping.success.kind})`, mapping.success.column, SUCCESS_KINDS[mapping.success.kind]);
  if (mapping.success.kind === 'http' && mapping.success.min > mapping.success.max) {
    throw new AppError('BAD_ARGUMENT', `success (http): the range ${mapping.success.min}–${mapping.success.max} is empty`);
  }
  return { mapping, columns: byName };
}

/** Checks the price table's columns the same way. */
export function checkPriceTable(mapping: SourceMapping, columns: readonly TableColumn[] | null, where: string): void {
  const price = mapping.priceTable;
  if (!price) return;
  if (!columns) throw new AppError('SCHEMA_MISSING', `Price table "${price.table}" does not exist (or cannot be read) on ${where}`);
  const names = new Map(columns.map((c) => [c.name, c]));
  const need: [string, string, ColumnKind[]][] = [
    ['priceTable.model', price.model, ['text']],
    ['priceTable.input', price.input, ['number']],
    ['priceTable.output', price.output, ['number']],
  ];
  for (const [label, column, kinds] of need) {
    const found = names.get(column);
    if (!found) throw new AppError('BAD_ARGUMENT', `${label}: column "${column}" does not exist in table "${price.table}" (expected a ${kindsText(kinds)} column)`);
    if (!kinds.includes(found.kind)) {
      throw new AppError('BAD_ARGUMENT', `${label}: column "${column}" of table "${price.table}" is ${found.type}; expected a ${kindsText(kinds)} column`);
    }
  }
}
