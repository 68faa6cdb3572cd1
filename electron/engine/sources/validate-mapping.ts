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

/** One thing wrong with a mapping, keyed by the form field that shows it (a call field, `success`, `table`). */
export interface MappingProblem {
  field: string;
  message: string;
}

/**
 * Everything wrong with a mapping against the table's real columns, each message naming the
 * field, the column and the type expected; `columns` null means the table itself is gone.
 */
export function mappingProblems(mapping: SourceMapping, columns: readonly TableColumn[] | null, where: string): MappingProblem[] {
  if (!columns) return [{ field: 'table', message: `Table "${mapping.table}" does not exist (or cannot be read) on ${where}` }];
  const byName = new Map(columns.map((c) => [c.name, c]));
  const problems: MappingProblem[] = [];
  const check = (field: string, label: string, column: string, kinds: readonly ColumnKind[]) => {
    const found = byName.get(column);
    if (!found) {
      problems.push({ field, message: `${label}: column "${column}" does not exist in table "${mapping.table}" (expected a ${kindsText(kinds)} column)` });
    } else if (!kinds.includes(found.kind)) {
      problems.push({
        field,
        message: `${label}: column "${column}" of table "${mapping.table}" is ${found.type} (${found.kind}); expected a ${kindsText(kinds)} column`,
      });
    }
  };
  for (const field of REQUIRED_FIELDS) {
    if (!mapping.columns[field]) {
      problems.push({ field, message: `${field}: no column is mapped (expected a ${kindsText(expectedKinds(field))} column)` });
    }
  }
  for (const field of CALL_FIELDS) {
    const column = mapping.columns[field];
    if (column) check(field, field, column, expectedKinds(field));
  }
  check('success', `success (${mapping.success.kind})`, mapping.success.column, SUCCESS_KINDS[mapping.success.kind]);
  if (mapping.success.kind === 'http' && mapping.success.min > mapping.success.max) {
    problems.push({ field: 'success', message: `success (http): the range ${mapping.success.min}–${mapping.success.max} is empty` });
  }
  return problems;
}

/** Refuses a mapping with any problem (the first one's message), else returns it with the table's columns. */
export function checkMapping(mapping: SourceMapping, columns: readonly TableColumn[] | null, where: string): CheckedMapping {
  const [first] = mappingProblems(mapping, columns, where);
  if (first) throw new AppError(first.field === 'table' ? 'SCHEMA_MISSING' : 'BAD_ARGUMENT', first.message);
  return { mapping, columns: new Map(columns!.map((c) => [c.name, c])) };
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
