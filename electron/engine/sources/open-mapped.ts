import { AppError } from '../../../shared/errors.ts';
import { mapArguments } from '../../../shared/mapping-suggest.ts';
import {
  SourceMapping,
  type CallField,
  type SuccessRule,
  type TableColumn,
  type TableSpec,
} from '../../../shared/source-mapping.ts';
import type { Database } from '../db/database.ts';
import { ERROR_LOGS, SPEND_LOGS } from './litellm/schema.ts';
import { builtInMapping } from './built-in-mappings.ts';
import { callLogCandidates, chooseTableError, shellArgs, suggestedMapping } from './call-log-candidates.ts';
import { listTables, tableColumns } from './introspect.ts';
import { LiteLLMSource } from './litellm/litellm-source.ts';
import { relatedColumns } from './mapped/investigate.ts';
import { MappedSource } from './mapped/mapped-source.ts';
import { sqlDialect } from '../sql/dialects/sql-dialect.ts';
import { refuseChangedParts, withTableChanges } from './table-changes.ts';
import { checkMapping } from './validate-mapping.ts';

/** A success rule from the column's type: boolean → false fails; number → outside 200–399; text → not a success value. */
function successFor(column: TableColumn, values: readonly string[] | undefined): SuccessRule {
  if (column.kind === 'boolean') return { kind: 'boolean', column: column.name };
  if (column.kind === 'number' && !values) return { kind: 'http', column: column.name, min: 200, max: 399 };
  return { kind: 'status', column: column.name, successValues: [...(values ?? ['success'])] };
}

/** The built-in (or, with `--yes`, the suggested) mapping with the spec's `--map` overrides on top. */
function resolveMapping(
  table: string,
  columns: readonly TableColumn[],
  base: SourceMapping | null,
  spec: TableSpec | undefined,
): SourceMapping {
  if (!base && !spec?.map) {
    const suggested = suggestedMapping(table, columns);
    if (spec?.acceptSuggestion) return SourceMapping.parse(suggested);
    throw new AppError(
      'BAD_ARGUMENT',
      `--table ${table}: not a built-in shape (llm_tracker_usage, <app>_llmcalllog, request_logs, LiteLLM_SpendLogs). Suggested from its columns:\n  ${shellArgs(mapArguments(suggested))}\nAdd these flags (corrected where needed), or --yes to run with them as they are.`,
    );
  }
  const overrides: Partial<Record<CallField, string>> = {};
  for (const [field, column] of Object.entries(spec?.map ?? {}))
    if (field !== 'success') overrides[field as CallField] = column;
  // A field mapped by hand drops the built-in lookup on it unless the hand mapping names one.
  const lookups = { ...(base?.lookups ?? {}) };
  for (const field of Object.keys(overrides)) delete lookups[field as CallField];
  Object.assign(lookups, spec?.lookups ?? {});
  // …and its fallback: the column named by hand is the whole answer.
  const fallbacks = { ...(base?.fallbacks ?? {}) };
  for (const field of Object.keys(spec?.map ?? {})) delete fallbacks[field as CallField | 'success'];
  const successColumn = spec?.map?.success;
  let success = base?.success;
  if (successColumn) {
    const found = columns.find((c) => c.name === successColumn);
    if (!found)
      throw new AppError(
        'BAD_ARGUMENT',
        `success: column "${successColumn}" does not exist in table "${table}" (expected a boolean, status or HTTP status column)`,
      );
    success = successFor(found, spec?.successValues);
  } else if (success?.kind === 'status' && spec?.successValues)
    success = { ...success, successValues: spec.successValues };
  if (!success)
    throw new AppError(
      'BAD_ARGUMENT',
      'success: no column is mapped (--map success=COLUMN: a boolean, status or HTTP status column)',
    );
  return SourceMapping.parse({
    ...(base ?? {}),
    table,
    columns: { ...(base?.columns ?? {}), ...overrides },
    ...(Object.keys(lookups).length ? { lookups } : { lookups: undefined }),
    ...(Object.keys(fallbacks).length ? { fallbacks } : { fallbacks: undefined }),
    success,
  });
}

/**
 * Resolves a source's table spec against the database as it is: `--table` alone takes the built-in
 * mapping when the table has its shape; `--map field=column` overrides it field by field. A PostgreSQL
 * source without a table is the built-in LiteLLM source, unless the database has no LiteLLM tables
 * but has call-log tables: then those are named, each with the arguments that open it.
 */
export async function openCallSource(
  db: Database,
  spec: TableSpec | undefined,
): Promise<LiteLLMSource | MappedSource> {
  const dialect = db.dialect;
  const d = sqlDialect(dialect);
  if (!spec?.table && !spec?.mapping && spec?.map)
    throw new AppError('BAD_ARGUMENT', '--map needs --table: name the table the columns belong to');
  return db.readOnly(async (sql) => {
    const tables = await listTables(sql, dialect);
    let table = spec?.mapping?.table ?? spec?.table;
    if (!table) {
      if (dialect === 'postgres' && tables.some((t) => t === SPEND_LOGS || t === ERROR_LOGS))
        return new LiteLLMSource(db);
      const candidates = await callLogCandidates(sql, d, tables);
      // No LiteLLM and nothing that looks like calls: LiteLLM's own "no tables" error says the rest.
      if (dialect === 'postgres' && !candidates.length) return new LiteLLMSource(db);
      if (candidates.length === 1 && candidates[0]!.builtIn) table = candidates[0]!.table;
      else
        throw chooseTableError(
          dialect === 'postgres'
            ? 'No LiteLLM tables here: name the table of LLM calls with --table'
            : '--table: name the table of LLM calls',
          candidates,
          tables,
        );
    }
    const columns = await tableColumns(sql, dialect, table);
    if (!columns)
      throw new AppError(
        'SCHEMA_MISSING',
        `Table "${table}" does not exist (or cannot be read) on ${db.description} (tables here: ${tables.slice(0, 30).join(', ') || 'none'})`,
      );
    const mapping =
      spec?.mapping ??
      (await withTableChanges(
        sql,
        dialect,
        resolveMapping(table, columns, await builtInMapping(sql, d, table, columns, tables), spec),
        spec,
        tables,
        db.description,
      ));
    const related = await relatedColumns(sql, dialect, mapping);
    if (!spec?.mapping) refuseChangedParts(mapping, columns, related, spec, db.description);
    checkMapping(mapping, columns, db.description, related);
    return new MappedSource(db, mapping);
  });
}
