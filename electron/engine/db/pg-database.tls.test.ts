import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import type { DirectTarget } from '../../../shared/connection.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../test-support/pg-server.ts';
import { makeTestCerts } from '../../test-support/tls-certs.ts';
import { PgDatabase } from './pg-database.ts';

let server: TestPostgres;
let plain: TestPostgres;

beforeAll(async () => {
  server = await startPostgres({ tls: true, passwordAuth: true });
  await server.exec(`CREATE ROLE reader LOGIN PASSWORD 'pw-Ab3$x'`);
  plain = await startPostgres();
});

afterAll(async () => {
  if (server) await destroyPostgres(server);
  if (plain) await destroyPostgres(plain);
});

async function sslInUse(target: DirectTarget, password?: string) {
  const db = new PgDatabase({ target, password });
  try {
    return await db.readOnly(async (sql) => {
      const [row] = await sql.query<{ ssl: boolean }>(
        'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()',
      );
      return row?.ssl;
    });
  } finally {
    await db.close();
  }
}

const target = (s: TestPostgres, extra: Partial<DirectTarget>): DirectTarget => ({
  host: '127.0.0.1',
  port: s.port,
  database: 'postgres',
  user: 'reader',
  tls: 'disable',
  ...extra,
});

describe('direct connections: TLS modes and logins', () => {
  it('encrypts with require and with verify-full against the right CA', async () => {
    expect(await sslInUse(target(server, { tls: 'require' }), 'pw-Ab3$x')).toBe(true);
    expect(await sslInUse(target(server, { tls: 'verify-full', caFile: server.caFile! }), 'pw-Ab3$x')).toBe(
      true,
    );
  });

  it('refuses verify-full against a certificate another CA signed', async () => {
    const other = makeTestCerts(mkdtempSync(join(tmpdir(), 'logdesk-ca-')), 'other');
    const err = await sslInUse(
      target(server, { tls: 'verify-full', caFile: other.caFile }),
      'pw-Ab3$x',
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONNECTION_FAILED');
    expect((err as AppError).message).toMatch(/TLS failed|certificate/i);
  });

  it('says TLS is not available when the server has none', async () => {
    const err = await sslInUse(target(plain, { tls: 'require', user: 'postgres' })).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('CONNECTION_FAILED');
    expect((err as AppError).message).toMatch(/does not support SSL|TLS/i);
  });

  it('reports a wrong password as a refused login, without the password', async () => {
    const err = await sslInUse(target(server, { tls: 'require' }), 'wrong-pw-123').catch((e: unknown) => e);
    expect((err as AppError).code).toBe('AUTH_FAILED');
    expect((err as AppError).message).toMatch(/password authentication failed for user "reader"/);
    expect((err as AppError).message).not.toContain('wrong-pw-123');
  });

  it('names a CA file that cannot be read', async () => {
    const err = await sslInUse(
      target(server, { tls: 'verify-full', caFile: '/nonexistent/ca.pem' }),
      'x',
    ).catch((e: unknown) => e);
    expect((err as AppError).code).toBe('BAD_ARGUMENT');
    expect((err as AppError).message).toMatch(/\/nonexistent\/ca\.pem cannot be read/);
  });
});
