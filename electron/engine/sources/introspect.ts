import type { TableColumn, TableShape } from '../../../shared/source-mapping.ts';
import { AppError } from '../../../shared/errors.ts';
import type { SqlRunner } from '../db/database.ts';
import { Params, sqlDialect, type SqlDialect } from '../sql/dialects/sql-dialect.ts';

export async function listTables(sql: SqlRunner, dialectName: SqlDialect['name']): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(sqlDialect(dialectName).catalog.tables);
  return rows.map((r) => String(r.name));
}

/** The table's real columns, or null when there is no such table or view. */
export async function tableColumns(
  sql: SqlRunner,
  dialectName: SqlDialect['name'],
  table: string,
): Promise<TableColumn[] | null> {
  const { catalog } = sqlDialect(dialectName);
  const p = new Params(dialectName);
  const rows = await sql.query<{ name: string; type: string }>(catalog.columns(p.add(table)), p.values);
  if (!rows.length) return null;
  return rows.map((r) => ({
    name: String(r.name),
    type: String(r.type ?? ''),
    kind: catalog.columnKind(String(r.type ?? '')),
  }));
}

/** Strips control characters a database may hold, so a sample never moves a terminal's cursor. */
// eslint-disable-next-line no-control-regex
const printable = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '�');

function displayValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const text = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return printable(text.length > 1000 ? `${text.slice(0, 1000)}…` : text);
}

export function missingTable(table: string, where: string): AppError {
  return new AppError('SCHEMA_MISSING', `Table "${table}" does not exist (or cannot be read) on ${where}`);
}

/** Columns, their types and five rows: what the mapping form shows of a table. */
export async function describeTable(
  sql: SqlRunner,
  dialectName: SqlDialect['name'],
  table: string,
  where: string,
): Promise<TableShape> {
  const columns = await tableColumns(sql, dialectName, table);
  if (!columns) throw missingTable(table, where);
  const d = sqlDialect(dialectName);
  const rows = await sql.query(`SELECT * FROM ${d.quote(table)} LIMIT 5`);
  const sample = rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, displayValue(r[c.name])])));
  return { table, columns, sample };
}
