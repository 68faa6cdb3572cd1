import { describe, expect, it } from 'vitest';
import { literal, substituteParams } from './postgres-literals.ts';

describe('substituteParams', () => {
  it('replaces placeholders outside literals, identifiers, dollar quotes and comments only', () => {
    const sql = `SELECT $1::text, '$1', E'it''s \\' $2', "col$1", $$ $2 $$, $tag$ $1 $tag$, a$1 -- $2
 /* $1 */, $2::int`;
    expect(substituteParams(sql, ['x', 7]))
      .toBe(`SELECT E'x'::text, '$1', E'it''s \\' $2', "col$1", $$ $2 $$, $tag$ $1 $tag$, a$1 -- $2
 /* $1 */, '7'::int`);
  });

  it('does not look at a value again once substituted', () => {
    expect(substituteParams('SELECT $1, $2', ['$2', 'b'])).toBe(`SELECT E'$2', E'b'`);
  });

  it('writes $10 as the tenth parameter, not $1 followed by 0', () => {
    const params = Array.from({ length: 10 }, (_, i) => String(i + 1));
    expect(substituteParams('SELECT $10', params)).toBe(`SELECT E'10'`);
  });

  it('refuses text psql would not pass through verbatim', () => {
    expect(() => substituteParams('SELECT 1; SELECT 2', [])).toThrow(/";" outside a literal/);
    expect(() => substituteParams('SELECT 1 \\g', [])).toThrow(/"\\" outside a literal/);
    expect(() => substituteParams('SELECT :DBNAME', [])).toThrow(/psql variable/);
    expect(() => substituteParams("SELECT 'open", [])).toThrow(/unterminated/);
    expect(() => substituteParams('SELECT $2', ['only one'])).toThrow(/\$2 has no parameter/);
    expect(substituteParams('SELECT 1::int', [])).toBe('SELECT 1::int');
  });
});

describe('literal', () => {
  it('escapes quotes and backslashes in E strings, arrays as text[], numbers quoted', () => {
    expect(literal(`'; drop table x; --`)).toBe(`E'''; drop table x; --'`);
    expect(literal('a\\b')).toBe(`E'a\\\\b'`);
    expect(literal(['a', "b'c"])).toBe(`ARRAY[E'a', E'b''c']::text[]`);
    expect(literal([])).toBe('ARRAY[]::text[]');
    expect(literal(null)).toBe('NULL');
    expect(literal(-5)).toBe(`'-5'`);
    expect(literal(true)).toBe(`'true'`);
  });

  it('rejects what cannot be a safe literal', () => {
    expect(() => literal(Number.NaN)).toThrow(/finite/);
    expect(() => literal(Number.POSITIVE_INFINITY)).toThrow(/finite/);
    expect(() => literal('nul\0byte')).toThrow(/NUL/);
    expect(() => literal([1 as unknown as string])).toThrow(/text/);
  });
});
