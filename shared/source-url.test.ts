import { describe, expect, it } from 'vitest';
import { parseSourceUrl, sourceUrlProblem } from './source-url.ts';

describe('the source-URL parser the engine and the app share', () => {
  it('takes the three engines and keeps the password apart', () => {
    expect(parseSourceUrl('mysql://ro:p%40ss@db.internal/calls')).toEqual({
      engine: 'mysql',
      target: { host: 'db.internal', port: 3306, database: 'calls', user: 'ro' },
      password: 'p@ss',
    });
    expect(parseSourceUrl('sqlite:///var/data/calls%20log.db')).toEqual({
      engine: 'sqlite',
      file: '/var/data/calls log.db',
    });
    expect(parseSourceUrl('calls.sqlite', { resolvePath: (p) => `/here/${p}` })).toEqual({
      engine: 'sqlite',
      file: '/here/calls.sqlite',
    });
    const pg = parseSourceUrl('postgres://h:6432/gw?sslmode=require', { pgUser: 'ops' });
    expect(pg).toMatchObject({
      engine: 'postgres',
      target: { host: 'h', port: 6432, database: 'gw', user: 'ops', tls: 'require' },
      password: undefined,
    });
  });

  it('gives the app the reason in the box’s own words, and nothing for a URL it takes', () => {
    expect(sourceUrlProblem('mysql://u@h:3306/d', 'Database URL')).toBeNull();
    expect(sourceUrlProblem('sqlite:///tmp/x.db', 'Database URL')).toBeNull();
    expect(sourceUrlProblem('postgresql://u@h/d', 'Database URL')).toBeNull();
    expect(sourceUrlProblem('  ', 'Database URL')).toBe('Enter a postgres://, mysql:// or sqlite:/// URL');
    expect(sourceUrlProblem('mysql://u@h', 'Database URL')).toBe(
      'Database URL: the database name is missing (…/DATABASE)',
    );
    expect(sourceUrlProblem('sqlite://x.db', 'Database URL')).toBe(
      'Database URL: expected sqlite:///ABSOLUTE/PATH.db (three slashes)',
    );
    expect(sourceUrlProblem('redis://h/0', 'Database URL')).toMatch(
      /^Database URL: expected postgres:\/\/, mysql:\/\/, .* got "redis:"$/,
    );
    expect(sourceUrlProblem('postgres://h/d?sslmode=bogus', 'Database URL')).toMatch(
      /^Database URL: sslmode must be one of disable/,
    );
  });
});
