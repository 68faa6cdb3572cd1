import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installContainerCli, type ContainerCli } from '../../../test-support/container-cli.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../../test-support/pg-server.ts';
import { AppError } from '../../../../shared/errors.ts';
import { ExecDatabase } from './exec-database.ts';
import type { PsqlSession } from './psql-session.ts';
import { substituteParams } from '../../sql/dialects/postgres-literals.ts';

/**
 * Hostile values through a real psql's COPY output (the shape copy-csv.property.test.ts assumes),
 * compared with node-postgres on the same server: the session's own end marker as a value, line breaks
 * and CR, quotes and commas, a value long enough to span many pipe chunks, empty string vs NULL.
 */
let server: TestPostgres;
let cli: ContainerCli;
let client: pg.Client;
let exec: ExecDatabase;

beforeAll(async () => {
  server = await startPostgres();
  await server.createDatabase('fixture');
  client = new pg.Client({ connectionString: server.url('fixture') });
  await client.connect();
  cli = installContainerCli({
    pgHost: server.host,
    pgPort: server.port,
    containers: ['litellm-db'],
    pods: [],
  });
  exec = new ExecDatabase({
    settings: {
      runner: { kind: 'docker', container: 'litellm-db' },
      database: 'fixture',
      user: 'postgres',
      psql: 'psql',
    },
    env: cli.env,
  });
});

afterAll(async () => {
  await client?.end();
  cli?.remove();
  if (server) await destroyPostgres(server);
});

const markerOf = (session: PsqlSession) => (session as unknown as { marker: string }).marker;

function hostileValues(marker: string): (string | null)[] {
  const long = 'é🚀 "quoted", \r\n line\n'.repeat(60_000);
  return [
    marker,
    `${marker}\r`,
    `before\n${marker}\nafter`,
    '"',
    '""',
    'a,b',
    '\r',
    '\n',
    '\\',
    '\\.',
    '',
    null,
    '漢字 \u202e',
    long,
    `${long}${marker}`,
  ];
}

/** One row per value, with its position and a NULL or empty neighbour column. */
const valuesQuery = (values: (string | null)[]) =>
  values
    .map((_, k) => `SELECT ${k + 1} AS ord, $${k + 1}::text AS v, NULL::text AS n, ''::text AS e`)
    .join('\nUNION ALL\n') + '\nORDER BY ord';

describe("psql's COPY output read by the exec session", () => {
  it('gives every hostile value exactly as node-postgres does, collected and streamed in pages', async () => {
    const session = await exec.openSession();
    try {
      const values = hostileValues(markerOf(session));
      const sql = valuesQuery(values);
      const viaPg = (await client.query<Record<string, unknown>>(sql, values)).rows.map(
        (r): Record<string, unknown> => ({ ...r, ord: String(r.ord) }),
      );
      expect(viaPg.map((r) => r.v)).toEqual(values);

      expect(await session.rows(substituteParams(sql, values))).toEqual(viaPg);

      const pages = session.streamRows(substituteParams(sql, values), 2);
      const streamed = [];
      for (let page = await pages.next(); page.length; page = await pages.next()) streamed.push(...page);
      expect(streamed).toEqual(viaPg);

      // The marker inside values did not end a statement early: the session answers the next one.
      expect(await session.rows('SELECT 1 AS one')).toEqual([{ one: '1' }]);
    } finally {
      await session.close();
    }
  });

  it('reads column names that need quoting in the header', async () => {
    const session = await exec.openSession();
    try {
      const rows = await session.rows(`SELECT 1 AS "a,b", 2 AS "q""uote", 3 AS "line
break", 4 AS "${markerOf(session)}"`);
      expect(rows).toEqual([{ 'a,b': '1', 'q"uote': '2', 'line\nbreak': '3', [markerOf(session)]: '4' }]);
    } finally {
      await session.close();
    }
  });
});

describe('output that is not COPY CSV', () => {
  // A "psql" that logs in like one (the first COPY answers pid and version), then prints a malformed row.
  const FAKE_PSQL = `#!/bin/sh
copies=0
while IFS= read -r line; do
  case "$line" in
    '\\echo '*) printf '%s\\n' "\${line#* }" ;;
    COPY*) copies=$((copies + 1))
      if [ "$copies" = 1 ]; then printf 'pid,version\\n"1","15.0"\\n'; else printf 'a,b\\n"x"\\n'; fi ;;
  esac
done
`;

  it('fails the read with a message naming what is wrong, and does not hang', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'logdesk-fake-psql-'));
    try {
      const fake = join(dir, 'psql');
      writeFileSync(fake, FAKE_PSQL);
      chmodSync(fake, 0o755);
      const db = new ExecDatabase({
        settings: {
          runner: { kind: 'docker', container: 'litellm-db' },
          database: 'fixture',
          user: 'postgres',
          psql: fake,
        },
        env: cli.env,
      });
      const err = await db.readOnly((q) => q.query('SELECT 1 AS a, 2 AS b')).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('QUERY_FAILED');
      expect((err as AppError).message).toBe(
        "Cannot read psql's output: a row of 1 values under a header of 2 columns",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
