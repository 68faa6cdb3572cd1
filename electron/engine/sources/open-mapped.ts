import { AppError } from '../../../shared/errors.ts';
import {
  CALL_FIELDS,
  SourceMapping,
  type CallField,
  type SuccessRule,
  type TableColumn,
  type TableSpec,
} from '../../../shared/source-mapping.ts';
import type { Database } from '../db/database.ts';
import { builtInCandidates, builtInMapping } from './built-in-mappings.ts';
import { listTables, tableColumns } from './introspect.ts';
import { MappedDatabase, relatedColumns } from './investigate-mapped.ts';
import { sqlDialect } from './sql-dialect.ts';
import { checkMapping } from './validate-mapping.ts';

/** A success rule from the column's type: boolean → false fails; number → outside 200–399; text → not a success value. */
function successFor(column: TableColumn, values: readonly string[] | undefined): SuccessRule {
  if (column.kind === 'boolean') return { kind: 'boolean', column: column.name };
  if (column.kind === 'number' && !values) return { kind: 'http', column: column.name, min: 200, max: 399 };
  return { kind: 'status', column: column.name, successValues: [...(values ?? ['success'])] };
}

/**
 * Resolves a source's table spec against the database as it is: `--table` alone takes the
 * built-in mapping when the table has its shape; `--map field=column` overrides it field by field.
 * A PostgreSQL source without a table stays the built-in LiteLLM source.
 */
export async function openMapped(db: Database, spec: TableSpec | undefined): Promise<Database> {
  const dialect = db.dialect ?? 'postgres';
  if (!spec?.table && !spec?.mapping && dialect === 'postgres') {
    if (spec?.map) throw new AppError('BAD_ARGUMENT', '--map needs --table: name the table the columns belong to');
    return db;
  }
  return db.readOnly(async (sql) => {
    const tables = await listTables(sql, dialect);
    let table = spec?.mapping?.table ?? spec?.table;
    if (!table) {
      const candidates = builtInCandidates(tables);
      if (candidates.length !== 1) {
        throw new AppError('BAD_ARGUMENT', `--table: name the table of LLM calls (tables here: ${tables.slice(0, 30).join(', ') || 'none'})`);
      }
      table = candidates[0]!;
    }
    const columns = await tableColumns(sql, dialect, table);
    if (!columns) throw new AppError('SCHEMA_MISSING', `Table "${table}" does not exist (or cannot be read) on ${db.description} (tables here: ${tables.slice(0, 30).join(', ') || 'none'})`);
    let mapping: SourceMapping;
    if (spec?.mapping) mapping = spec.mapping;
    else {
      const base = await builtInMapping(sql, sqlDialect(dialect), table, columns, tables);
      if (!base && !spec?.map) {
        throw new AppError('BAD_ARGUMENT', `--table ${table}: not a built-in shape (llm_tracker_usage, <app>_llmcalllog, LiteLLM_SpendLogs): map its columns with --map field=column (fields: ${CALL_FIELDS.join(', ')}, success)`);
      }
      const overrides: Partial<Record<CallField, string>> = {};
      for (const [field, column] of Object.entries(spec?.map ?? {})) if (field !== 'success') overrides[field as CallField] = column;
      const successColumn = spec?.map?.success;
      let success = base?.success;
      if (successColumn) {
        const found = columns.find((c) => c.name === successColumn);
        if (!found) throw new AppError('BAD_ARGUMENT', `success: column "${successColumn}" does not exist in table "${table}" (expected a boolean, status or HTTP status column)`);
        success = successFor(found, spec?.successValues);
      } else if (success?.kind === 'status' && spec?.successValues) success = { ...success, successValues: spec.successValues };
      if (!success) throw new AppError('BAD_ARGUMENT', 'success: no column is mapped (--map success=COLUMN: a boolean, status or HTTP status column)');
      mapping = SourceMapping.parse({ ...(base ?? {}), table, columns: { ...(base?.columns ?? {}), ...overrides }, success });
    }
    checkMapping(mapping, columns, db.description, await relatedColumns(sql, dialect, mapping));
    return new MappedDatabase(db, mapping);
  });
}
