import { describe, expect, it } from 'vitest';
import { Params, sqlDialect } from './sql-dialect.ts';

describe('one dialect object per engine', () => {
  it('writes placeholders as each engine binds them', () => {
    const pg = new Params('postgres');
    expect([pg.add('a'), pg.list(['b', 'c'])]).toEqual(['$1', '($2, $3)']);
    for (const name of ['mysql', 'sqlite'] as const) {
      const p = new Params(name);
      expect([p.add('a'), p.list(['b', 'c'])]).toEqual(['?', '(?, ?)']);
      expect(p.values).toEqual(['a', 'b', 'c']);
    }
  });

  it('inlines values for clients that cannot bind, each in its own literal form', () => {
    expect(sqlDialect('postgres').inline('SELECT $1, $2', ["o'brien", -5])).toBe("SELECT E'o''brien', '-5'");
    expect(sqlDialect('mysql').inline('SELECT ?, ?', ['é', -5])).toBe(
      "SELECT CONVERT(X'c3a9' USING utf8mb4), (-5)",
    );
    expect(sqlDialect('sqlite').inline('SELECT ?', ['a'])).toBe("SELECT CAST(X'61' AS TEXT)");
  });

  it('classifies declared column types, MySQL 1-bit integers as booleans', () => {
    expect(sqlDialect('mysql').catalog.columnKind('tinyint(1)')).toBe('boolean');
    expect(sqlDialect('sqlite').catalog.columnKind('tinyint(1)')).toBe('number');
    expect(sqlDialect('postgres').catalog.columnKind('timestamp with time zone')).toBe('time');
  });

  it('maps each driver’s errors to codes a user can act on', () => {
    expect(
      sqlDialect('postgres').mapError({ code: '28P01', message: 'password authentication failed' }, 'pg://h'),
    ).toMatchObject({ code: 'AUTH_FAILED' });
    expect(
      sqlDialect('postgres').mapError({ code: 'ECONNRESET' }, 'pg://h', { connected: true }).message,
    ).toMatch(/lost mid-query/);
    expect(
      sqlDialect('mysql').mapError({ code: 'ER_ACCESS_DENIED_ERROR', message: 'denied' }, 'mysql://h'),
    ).toMatchObject({ code: 'AUTH_FAILED' });
    expect(
      sqlDialect('mysql').mapError({ errno: 1969, message: 'max_statement_time' }, 'mysql://h'),
    ).toMatchObject({ code: 'TIMEOUT' });
    const locked = sqlDialect('sqlite').mapError(new Error('database is locked'), 'sqlite:///x.db', {
      busyMs: 4000,
    });
    expect(locked.message).toMatch(/more than 4 s/);
  });
});
