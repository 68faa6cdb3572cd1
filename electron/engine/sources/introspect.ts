import type { ColumnKind, TableColumn, TableShape } from '../../../shared/source-mapping.ts';
import { AppError } from '../../../shared/errors.ts';
import type { SqlRunner } from '../db/database.ts';
import { Params, sqlDialect, type SqlDialect } from './sql-dialect.ts';

/** Classifies an engine's declared column type into the kinds a mapping checks against. */
export function columnKind(dialect: SqlDialect['name'], declared: string): ColumnKind {
  const t = declared.toLowerCase();
  if (dialect === 'mysql' && /^(tinyint\(1\)|bit\(1\)|bool)/.test(t)) return 'boolean';
  if (/bool/.test(t)) return 'boolean';
  if (/json/.test(t)) return 'json';
  if (/timestamp|datetime|^date$|^date\b/.test(t)) return 'time';
  if (/^(tiny|small|medium|big)?int(eger)?\b|^int\d|serial|numeric|decimal|double|float|real|money/.test(t)) return 'number';
  return 'text';
}

export async function listTables(sql: SqlRunner, dialectName: SqlDialect['name']): Promise<string[]> {
  const rows =
    dialectName === 'postgres'
      ? await sql.query<{ name: string }>(
          `SELECT table_name AS name FROM information_schema.tables
            WHERE table_schema = current_schema() ORDER BY 1`,
        )
      : dialectName === 'mysql'
        ? await sql.query<{ name: string }>(
            `SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1`,
          )
        : await sql.query<{ name: string }>(
            `SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY 1`,
          );
  return rows.map((r) => String(r.name));
}

/** The table's real columns, or null when there is no such table or view. */
export async function tableColumns(sql: SqlRunner, dialectName: SqlDialect['name'], table: string): Promise<TableColumn[] | null> {
  const p = new Params(dialectName);
  const rows =
    dialectName === 'postgres'
      ? await sql.query<{ name: string; type: string }>(
          `SELECT column_name AS name, data_type AS type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ${p.add(table)} ORDER BY ordinal_position`,
          p.values,
        )
      : dialectName === 'mysql'
        ? await sql.query<{ name: string; type: string }>(
            `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type FROM information_schema.COLUMNS
              WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ${p.add(table)} ORDER BY ORDINAL_POSITION`,
            p.values,
          )
        : await sql.query<{ name: string; type: string }>(`SELECT name, type FROM pragma_table_info(${p.add(table)}) ORDER BY cid`, p.values);
  if (!rows.length) return null;
  return rows.map((r) => ({ name: String(r.name), type: String(r.type ?? ''), kind: columnKind(dialectName, String(r.type ?? '')) }));
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
export async function describeTable(sql: SqlRunner, dialectName: SqlDialect['name'], table: string, where: string): Promise<TableShape> {
  const columns = await tableColumns(sql, dialectName, table);
  if (!columns) throw missingTable(table, where);
  const d = sqlDialect(dialectName);
  const rows = await sql.query(`SELECT * FROM ${d.quote(table)} LIMIT 5`);
  const sample = rows.map((r) => Object.fromEntries(columns.map((c) => [c.name, displayValue(r[c.name])])));
  return { table, columns, sample };
}
