import type { Dialect } from '../../../shared/source-mapping.ts';
import { FAILURE_CATEGORIES, type FailureCategory } from '../../../shared/taxonomy.ts';
import { MESSAGE_RULES, SPACE_PASSES, STATUS_RULES, TYPE_RULES } from './taxonomy.ts';

/** The columns (or expressions) the rules read. */
export interface CategoryColumns {
  message: string;
  errorType: string;
  statusCode: string;
}

/** Which causes a query keeps and leaves out (empty: any). */
export interface CategoryFilter {
  categories?: readonly FailureCategory[];
  excludedCategories?: readonly FailureCategory[];
}

/**
 * Rule texts and category names are constants of this code (categories are checked against their
 * enum before they get here), so they are written as literals: no engine's placeholder numbering moves.
 */
function literal(dialect: Dialect, s: string): string {
  const quoted = s.replaceAll("'", "''");
  return `'${dialect === 'mysql' ? quoted.replaceAll('\\', '\\\\') : quoted}'`;
}

/** A control character; in MySQL as a literal (in the connection's collation: CHAR() would mix collations). */
const chr = (dialect: Dialect, n: number) =>
  dialect === 'postgres' ? `chr(${n})` : dialect === 'mysql' ? `'${String.fromCharCode(n)}'` : `char(${n})`;

/** `normalizeForRules` in SQL: lower case, control whitespace as spaces, SPACE_PASSES passes of '  ' → ' '. */
function normalized(dialect: Dialect, message: string): string {
  let out = `lower(COALESCE(${message}, ''))`;
  for (const n of [9, 10, 11, 12, 13]) out = `REPLACE(${out}, ${chr(dialect, n)}, ' ')`;
  for (let i = 0; i < SPACE_PASSES; i++) out = `REPLACE(${out}, '  ', ' ')`;
  return out;
}

/** Case- and accent-exact substring test (MySQL compares bytes: its collations would fold case and accents). */
function contains(dialect: Dialect, haystack: string, needle: string): string {
  if (dialect === 'postgres') return `strpos(${haystack}, ${needle}) > 0`;
  if (dialect === 'mysql') return `INSTR(BINARY ${haystack}, BINARY ${needle}) > 0`;
  return `instr(${haystack}, ${needle}) > 0`;
}

/** Exact string equality with one of the values (byte-wise in MySQL). */
function oneOf(dialect: Dialect, expr: string, values: readonly string[]): string {
  const list = values.map((v) => literal(dialect, v)).join(', ');
  return dialect === 'mysql'
    ? `BINARY ${expr} IN (${values.map((v) => `BINARY ${literal(dialect, v)}`).join(', ')})`
    : `${expr} IN (${list})`;
}

const threeDigits = (dialect: Dialect, s: string) =>
  dialect === 'postgres'
    ? `${s} ~ '^[0-9]{3}$'`
    : dialect === 'mysql'
      ? `${s} REGEXP '^[0-9]{3}$'`
      : `${s} GLOB '[0-9][0-9][0-9]'`;

/**
 * The category of a row as an SQL CASE, the rules of taxonomy.ts in their order: message texts, then
 * LiteLLM's exception class, then the HTTP status. Gives what `categorizeError` gives on the same
 * values (category-sql tests check both on the labelled error set, in all three engines).
 */
export function categorySql(dialect: Dialect, cols: CategoryColumns): string {
  const message = normalized(dialect, cols.message);
  const type = `TRIM(COALESCE(${cols.errorType}, ''))`;
  const status = `TRIM(COALESCE(${cols.statusCode}, ''))`;
  const whens: string[] = [];
  for (const rule of MESSAGE_RULES) {
    const tests = (rule.text ?? []).map((t) => contains(dialect, message, literal(dialect, t)));
    whens.push(`WHEN ${tests.join(' OR ')} THEN '${rule.category}'`);
  }
  for (const rule of TYPE_RULES) {
    const types = rule.types ?? [];
    whens.push(
      `WHEN ${oneOf(dialect, type, [...types, ...types.map((t) => `litellm.${t}`)])} THEN '${rule.category}'`,
    );
  }
  for (const rule of STATUS_RULES) {
    const test =
      rule.statuses === '5xx'
        ? `(${threeDigits(dialect, status)} AND ${status} >= '500' AND ${status} <= '599')`
        : oneOf(dialect, status, rule.statuses);
    whens.push(`WHEN ${test} THEN '${rule.category}'`);
  }
  return `(CASE ${whens.join('\n  ')} ELSE 'unknown' END)`;
}

/** The condition a category filter adds (null when it keeps every cause). */
export function categoryPredicate(
  dialect: Dialect,
  cols: CategoryColumns,
  filter: CategoryFilter,
): string | null {
  const keep = filter.categories ?? [];
  const drop = filter.excludedCategories ?? [];
  if (!keep.length && !drop.length) return null;
  const expr = categorySql(dialect, cols);
  const list = (cs: readonly FailureCategory[]) =>
    cs
      .map((c) => {
        if (!FAILURE_CATEGORIES.includes(c))
          throw new Error(
            `category: expected one of ${FAILURE_CATEGORIES.join(', ')}, got ${JSON.stringify(c)}`,
          );
        return `'${c}'`;
      })
      .join(', ');
  return [
    keep.length ? `${expr} IN (${list(keep)})` : null,
    drop.length ? `${expr} NOT IN (${list(drop)})` : null,
  ]
    .filter(Boolean)
    .join(' AND ');
}
