import { AppError } from '../../../shared/errors.ts';
import {
  CALL_FIELDS,
  expectedKinds,
  REQUIRED_FIELDS,
  type CallField,
  type ColumnKind,
  type PriceTable,
  type SourceMapping,
  type TableColumn,
} from '../../../shared/source-mapping.ts';
import { rollupShapeProblem } from './detect-related.ts';

/** A mapping checked against the table's real columns: only these names are ever quoted into SQL. */
export interface CheckedMapping {
  mapping: SourceMapping;
  columns: ReadonlyMap<string, TableColumn>;
  /** The columns of the price and lookup tables the mapping names, by table. */
  related: ReadonlyMap<string, ReadonlyMap<string, TableColumn>>;
  /** Why the price table or roll-ups the mapping names are not used (they do not fit the database). */
  setAside: string[];
}

/** Columns of the other tables a mapping reads (price table, lookups); null where a table is missing. */
export type RelatedColumns = ReadonlyMap<string, readonly TableColumn[] | null>;

/** The tables besides the call table that a mapping names. */
export function relatedTables(mapping: SourceMapping): string[] {
  const tables = Object.values(mapping.lookups ?? {}).map((l) => l!.table);
  if (mapping.priceTable) tables.push(mapping.priceTable.table);
  if (mapping.rollups) tables.push(mapping.rollups.table);
  return [...new Set(tables)];
}

const SUCCESS_KINDS: Record<SourceMapping['success']['kind'], readonly ColumnKind[]> = {
  boolean: ['boolean', 'number'],
  status: ['text', 'number'],
  http: ['number', 'text'],
};

const kindsText = (kinds: readonly ColumnKind[]) => kinds.join(' or ');

/**
 * One thing wrong with a mapping, keyed by the form field that shows it: a call field, `success`,
 * `table`, `lookups.<field>.table|key|column`, `priceTable.<part>` or `rollups`.
 */
export interface MappingProblem {
  field: string;
  message: string;
}

/**
 * Everything wrong with a mapping against the table's real columns, each message naming the
 * field, the column and the type expected; `columns` null means the table itself is gone.
 */
export function mappingProblems(
  mapping: SourceMapping,
  columns: readonly TableColumn[] | null,
  where: string,
  related: RelatedColumns = new Map(),
): MappingProblem[] {
  if (!columns)
    return [
      { field: 'table', message: `Table "${mapping.table}" does not exist (or cannot be read) on ${where}` },
    ];
  const byName = new Map(columns.map((c) => [c.name, c]));
  const problems: MappingProblem[] = [];
  const check = (field: string, label: string, column: string, kinds: readonly ColumnKind[]) => {
    const found = byName.get(column);
    if (!found) {
      problems.push({
        field,
        message: `${label}: column "${column}" does not exist in table "${mapping.table}" (expected a ${kindsText(kinds)} column)`,
      });
    } else if (!kinds.includes(found.kind)) {
      problems.push({
        field,
        message: `${label}: column "${column}" of table "${mapping.table}" is ${found.type} (${found.kind}); expected a ${kindsText(kinds)} column`,
      });
    }
  };
  for (const field of REQUIRED_FIELDS) {
    if (!mapping.columns[field]) {
      problems.push({
        field,
        message: `${field}: no column is mapped (expected a ${kindsText(expectedKinds(field))} column)`,
      });
    }
  }
  for (const field of CALL_FIELDS) {
    const column = mapping.columns[field];
    if (column) check(field, field, column, expectedKinds(field));
  }
  if (mapping.success.column)
    check(
      'success',
      `success (${mapping.success.kind})`,
      mapping.success.column,
      SUCCESS_KINDS[mapping.success.kind],
    );
  else if (!mapping.fallbacks?.success)
    problems.push({
      field: 'success',
      message: `success (${mapping.success.kind}): no column is mapped (expected a ${kindsText(SUCCESS_KINDS[mapping.success.kind])} column)`,
    });
  for (const [field, fallback] of Object.entries(mapping.fallbacks ?? {})) {
    if (!fallback) continue;
    const kinds = field === 'success' ? SUCCESS_KINDS.status : expectedKinds(field as CallField);
    if (
      (field === 'success' && mapping.success.kind !== 'status') ||
      field === 'time' ||
      field === 'metadata' ||
      !kinds.includes('text')
    ) {
      problems.push({
        field,
        message: `${field} (fallback): only text fields and a status rule's status take a fallback`,
      });
    } else {
      // A JSON key needs a JSON column: PostgreSQL cannot read text as JSON without failing on bad rows.
      check(
        field,
        `${field} (fallback${fallback.path ? ` ${fallback.path.join('.')}` : ''})`,
        fallback.column,
        fallback.path ? ['json'] : kinds,
      );
    }
  }
  if (mapping.success.kind === 'http' && mapping.success.min > mapping.success.max) {
    problems.push({
      field: 'success',
      message: `success (http): the range ${mapping.success.min}–${mapping.success.max} is empty`,
    });
  }
  problems.push(...relatedProblems(mapping, related, where));
  return problems;
}

/** The lookups', the price table's and the roll-ups' columns, each message naming its part (`provider (lookup)`, `priceTable.model`). */
function relatedProblems(mapping: SourceMapping, related: RelatedColumns, where: string): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const missing = new Set<string>();
  /** False when the table is missing (reported once, at `tableField`). */
  const present = (tableField: string, label: string, table: string) => {
    if (related.get(table)) return true;
    if (!missing.has(table))
      problems.push({
        field: tableField,
        message: `${label}: table "${table}" does not exist (or cannot be read) on ${where}`,
      });
    missing.add(table);
    return false;
  };
  const check = (
    field: string,
    label: string,
    table: string,
    column: string | undefined,
    kinds: readonly ColumnKind[],
  ) => {
    if (column === undefined) return;
    const found = related.get(table)?.find((c) => c.name === column);
    if (!found)
      problems.push({
        field,
        message: `${label}: column "${column}" does not exist in table "${table}" (expected a ${kindsText(kinds)} column)`,
      });
    else if (!kinds.includes(found.kind))
      problems.push({
        field,
        message: `${label}: column "${column}" of table "${table}" is ${found.type}; expected a ${kindsText(kinds)} column`,
      });
  };
  for (const [field, lookup] of Object.entries(mapping.lookups ?? {})) {
    if (!lookup) continue;
    const at = `lookups.${field}`;
    if (!mapping.columns[field as CallField])
      problems.push({
        field,
        message: `${field}: a lookup through "${lookup.table}" needs the column holding its key mapped`,
      });
    if (!present(`${at}.table`, `${field} (lookup)`, lookup.table)) continue;
    check(`${at}.key`, `${field} (lookup key)`, lookup.table, lookup.key, ['text', 'number']);
    check(
      `${at}.column`,
      `${field} (lookup)`,
      lookup.table,
      lookup.column,
      expectedKinds(field as CallField),
    );
  }
  const price = mapping.priceTable;
  if (price && present('priceTable.table', 'priceTable', price.table)) {
    const parts: [keyof PriceTable, readonly ColumnKind[]][] = [
      ['model', ['text']],
      ['input', ['number']],
      ['output', ['number']],
      ['currency', ['text']],
      ['active', ['boolean', 'number']],
      ['effectiveFrom', ['time']],
    ];
    for (const [part, kinds] of parts)
      check(
        `priceTable.${part}`,
        `priceTable.${part}`,
        price.table,
        price[part] as string | undefined,
        kinds,
      );
  }
  const rollups = mapping.rollups;
  if (rollups && present('rollups', 'rollups', rollups.table)) {
    const lacks = rollupShapeProblem(related.get(rollups.table)!);
    if (lacks)
      problems.push({
        field: 'rollups',
        message: `rollups: table "${rollups.table}" is not a roll-up table: ${lacks}`,
      });
  }
  return problems;
}

/** Problems of the parts only some figures need (spend: the price table; long ranges: the roll-ups). */
const optionalPart = (p: MappingProblem) => p.field.startsWith('priceTable.') || p.field === 'rollups';

/**
 * Refuses a mapping with any problem in the calls or lookups (the first one's message), else returns it
 * with the tables' columns. A price table or roll-up table that does not fit is set aside, not fatal:
 * the source opens, and `setAside` says why spend has no price table (or long ranges no roll-ups).
 */
export function checkMapping(
  mapping: SourceMapping,
  columns: readonly TableColumn[] | null,
  where: string,
  related: RelatedColumns = new Map(),
): CheckedMapping {
  const problems = mappingProblems(mapping, columns, where, related);
  const first = problems.find((p) => !optionalPart(p));
  if (first)
    throw new AppError(
      first.field === 'table' || / table "[^"]*" does not exist/.test(first.message)
        ? 'SCHEMA_MISSING'
        : 'BAD_ARGUMENT',
      first.message,
    );
  const asSet = problems.filter(optionalPart);
  const usable: SourceMapping = {
    ...mapping,
    priceTable: asSet.some((p) => p.field.startsWith('priceTable.')) ? undefined : mapping.priceTable,
    rollups: asSet.some((p) => p.field === 'rollups') ? undefined : mapping.rollups,
  };
  const byName = (cols: readonly TableColumn[]) => new Map(cols.map((c) => [c.name, c]));
  return {
    mapping: usable,
    columns: byName(columns!),
    related: new Map(relatedTables(usable).map((t) => [t, byName(related.get(t) ?? [])])),
    setAside: asSet.map((p) => `Not used: ${p.message}.`),
  };
}
