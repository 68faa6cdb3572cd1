import type { Dialect } from '../../shared/source-mapping.ts';

/** A table or column name as each engine quotes it. */
export const quoteName = (dialect: Dialect, name: string): string =>
  dialect === 'mysql' ? `\`${name}\`` : `"${name}"`;

/**
 * A fixture value as Django's ORM writes it on each engine: booleans as 1/0 off PostgreSQL, times as
 * UTC `YYYY-MM-DD HH:MM:SS.ffffff` on SQLite and MySQL (`time`: 'tz' gets an explicit offset on
 * PostgreSQL, 'naive' none), text with its quotes doubled.
 */
export function djangoLiteral(
  dialect: Dialect,
  v: string | number | boolean | null,
  time?: 'tz' | 'naive',
): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return dialect === 'postgres' ? String(v) : v ? '1' : '0';
  if (typeof v === 'number') return String(v);
  if (time) {
    const text = v.replace('T', ' ').replace('Z', '');
    return dialect === 'postgres' ? `'${text}${time === 'tz' ? '+00' : ''}'` : `'${text}000'`;
  }
  return `'${v.replace(/'/g, "''")}'`;
}
