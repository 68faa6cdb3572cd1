import { AppError } from '../../../../shared/errors.ts';
import type { ClientDialect } from '../../../../shared/source-mapping.ts';
import type { SqlParam } from '../../db/database.ts';

/**
 * The `mysql` and `sqlite3` clients cannot bind parameters, so the exec transports write each `?`
 * as a literal. Strings travel as hex (`X'…'`), which no sql_mode or escape setting can reinterpret.
 */
function literal(dialect: ClientDialect, value: SqlParam): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new AppError('BAD_ARGUMENT', `A numeric parameter is not a finite number (${value})`);
    // Negative numbers in parentheses, so `- -5` never reads as a comment; LIMIT takes only bare ones.
    return value < 0 ? `(${String(value)})` : String(value);
  }
  if (typeof value === 'string') {
    if (value.includes('\0')) throw new AppError('BAD_ARGUMENT', 'A filter value contains a NUL character');
    const hex = Buffer.from(value, 'utf8').toString('hex');
    return dialect === 'mysql' ? `CONVERT(X'${hex}' USING utf8mb4)` : `CAST(X'${hex}' AS TEXT)`;
  }
  throw new AppError('INTERNAL', 'Array parameters are not used with MySQL or SQLite');
}

/** Replaces each `?` outside quoted strings and identifiers, in one pass; the count must match. */
export function substituteQuestionParams(
  dialect: ClientDialect,
  sql: string,
  params: readonly SqlParam[],
): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = sql.indexOf(c, i + 1);
      if (end < 0) throw new AppError('INTERNAL', 'Unterminated quote in generated SQL');
      out += sql.slice(i, end + 1);
      i = end;
    } else if (c === '?') {
      if (next >= params.length) throw new AppError('INTERNAL', 'More placeholders than parameters');
      out += literal(dialect, params[next++]!);
    } else out += c;
  }
  if (next !== params.length) throw new AppError('INTERNAL', 'More parameters than placeholders');
  return out;
}
