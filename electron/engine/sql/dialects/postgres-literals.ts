import { AppError } from '../../../../shared/errors.ts';
import type { SqlParam } from '../../db/database.ts';

/**
 * psql cannot bind parameters, so the exec transport writes each `$n` as a literal. The literals
 * are E'…' strings (backslash and quote both escaped), which read the same whatever the server's
 * standard_conforming_strings says, and which psql's own lexer skips as one token.
 */
export function quoteString(value: string): string {
  if (value.includes('\0'))
    throw new AppError(
      'BAD_ARGUMENT',
      'A filter value contains a NUL character, which PostgreSQL text cannot hold',
    );
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** A value as node-postgres would send it: untyped text, so `$1::int` and `$1::timestamptz` behave the same. */
export function literal(value: SqlParam): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new AppError('BAD_ARGUMENT', `A numeric parameter is not a finite number (${value})`);
    // Quoted, as pg sends it: a bare `-5` after `-` would start a comment.
    return `'${String(value)}'`;
  }
  if (typeof value === 'boolean') return value ? "'true'" : "'false'";
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item !== 'string')
        throw new AppError('BAD_ARGUMENT', 'Array parameters must hold text values only');
    }
    return `ARRAY[${value.map(quoteString).join(', ')}]::text[]`;
  }
  throw new AppError('BAD_ARGUMENT', `Unsupported parameter type ${typeof value}`);
}

const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * Replaces each `$n` placeholder outside string literals, quoted identifiers, dollar-quoted
 * strings and comments with the literal of params[n-1], in one pass over the original text (so a
 * `$1` inside a value is never seen again). Refuses text psql would not pass through verbatim:
 * `;` or `\` outside literals (they would end the statement or start a psql command) and `:name`
 * (psql would interpolate a variable).
 */
export function substituteParams(sql: string, params: readonly SqlParam[]): string {
  const out: string[] = [];
  const used = new Set<number>();
  let i = 0;
  const refuse = (what: string) => {
    throw new AppError('INTERNAL', `The exec transport cannot send this statement: ${what} at offset ${i}`);
  };
  const copyUntil = (end: number) => {
    out.push(sql.slice(i, end));
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === "'" || ((c === 'E' || c === 'e') && next === "'" && !IDENT_CHAR.test(sql[i - 1] ?? ' '))) {
      const escapes = c !== "'";
      let j = i + (escapes ? 2 : 1);
      for (;;) {
        if (j >= sql.length) refuse('an unterminated string literal');
        if (escapes && sql[j] === '\\') j += 2;
        else if (sql[j] === "'" && sql[j + 1] === "'") j += 2;
        else if (sql[j] === "'") break;
        else j++;
      }
      copyUntil(j + 1);
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) refuse('an unterminated quoted identifier');
      copyUntil(end + 1);
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      copyUntil(end < 0 ? sql.length : end);
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) refuse('an unterminated comment');
      copyUntil(end + 2);
    } else if (c === '$' && !IDENT_CHAR.test(sql[i - 1] ?? ' ')) {
      const param = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66));
      if (param && !tag) {
        const n = Number(param[1]);
        if (n < 1 || n > params.length) refuse(`$${n} has no parameter (${params.length} given)`);
        out.push(literal(params[n - 1]!));
        used.add(n);
        i += param[0].length;
      } else if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        if (end < 0) refuse('an unterminated dollar-quoted string');
        copyUntil(end + tag[0].length);
      } else copyUntil(i + 1);
    } else if (c === ';' || c === '\\') {
      refuse(`"${c}" outside a literal`);
    } else if (c === ':' && next !== ':' && sql[i - 1] !== ':' && /[A-Za-z_'"{]/.test(next ?? '')) {
      refuse('a psql variable reference');
    } else {
      copyUntil(i + 1);
    }
  }
  return out.join('');
}
