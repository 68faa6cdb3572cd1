import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import type { ExecSettings } from '../../../../shared/contract/profiles.ts';
import { AppError } from '../../../../shared/errors.ts';
import { Filters, type FiltersInput } from '../../../../shared/filters.ts';
import { parsePostgresUrl } from '../../../../shared/source-url.ts';
import { PgDatabase } from '../../db/pg-database.ts';
import { investigate } from '../../sources/litellm/investigate.ts';
import { resolveQuery } from '../../query/resolve-query.ts';
import { forEachErrorPage } from '../../sources/litellm/error-pages.ts';
import { HOSTILE_ALIAS, loadFixture, RANGE } from '../../../test-support/litellm-fixture.ts';
import { installContainerCli, type ContainerCli } from '../../../test-support/container-cli.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../../test-support/pg-server.ts';
import { ExecDatabase } from './exec-database.ts';
import { PsqlSession } from './psql-session.ts';

/** A password psql must receive intact and no process list may show. */
const PASSWORD = `pw-'"\\ $1 é-${Date.now()}`;
const MULTILINE_ALIAS = "team\nnew-line \\ 'q' 🚀";
const NOW = Date.parse('2026-03-20T15:37:00Z');
let server: TestPostgres;
let cli: ContainerCli;
let direct: PgDatabase;

const settings = (runner: ExecSettings['runner'], extra: Partial<ExecSettings> = {}): ExecSettings => ({
  runner,
  database: 'fixture',
  user: 'reader',
  psql: 'psql',
  ...extra,
});
const docker = (password: string | null = PASSWORD, extra: Partial<ExecSettings> = {}) =>
  new ExecDatabase({
    settings: settings({ kind: 'docker', container: 'litellm-db' }, extra),
    password: password ?? undefined,
    env: cli.env,
  });
const kubectl = (password: string | undefined = PASSWORD) =>
  new ExecDatabase({
    settings: settings({ kind: 'kubectl', pod: 'postgres-0', namespace: 'llm' }),
    password,
    env: cli.env,
  });

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

beforeAll(async () => {
  server = await startPostgres({ passwordAuth: true });
  await server.createDatabase('fixture');
  const client = new pg.Client({ connectionString: server.url('fixture') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  // Line breaks, CR, tabs, backslashes and emoji in both a filter value and the message.
  await client.query(
    `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model_group, status, metadata)
     VALUES ('multiline-1', '2026-03-10 11:45:00', '2026-03-10 11:45:01', 'gpt-4o', 'failure', $1::jsonb)`,
    [
      JSON.stringify({
        user_api_key_alias: MULTILINE_ALIAS,
        error_information: {
          error_class: 'BadRequestError',
          error_code: '400',
          error_message: 'line one\nline "two"\r\n\ttab \\ back 🚀',
        },
      }),
    ],
  );
  await client.query(`CREATE ROLE reader LOGIN PASSWORD ${client.escapeLiteral(PASSWORD)}`);
  await client.query('GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader');
  await client.end();
  cli = installContainerCli({
    pgHost: server.host,
    pgPort: server.port,
    containers: ['litellm-db'],
    pods: ['llm/postgres-0'],
  });
  direct = new PgDatabase({
    target: parsePostgresUrl(server.url('fixture', 'reader')).target,
    password: PASSWORD,
  });
});

afterAll(async () => {
  await direct?.close();
  cli?.remove();
  if (server) await destroyPostgres(server);
});

const HOSTILE = [
  `'; drop table x; --`,
  `back\\slash \\' \\\\ end\\`,
  'two\nlines\r\nand\ttab',
  'non-ASCII: équipe-données 漢字 🚀',
  'dollar $1 and $$ quoted $$ and $tag$',
  '"double" and \'single\'',
  '',
];

describe('exec transport: parameters as literals through psql', () => {
  it('returns every hostile value exactly as bound by node-postgres', async () => {
    const sql = `SELECT $1::text AS v, ($2::text[])[1] AS first, cardinality($2::text[]) AS len, $3::int AS n, $4::text IS NULL AS is_null, '$1' AS literal_kept`;
    for (const value of HOSTILE) {
      const params = [value, [value, 'x'], -5, null];
      const [viaExec] = await docker().readOnly((q) => q.query(sql, params));
      const [viaPg] = await direct.readOnly((q) => q.query(sql, params));
      expect(viaExec!.v).toBe(value);
      expect(viaExec!.v).toBe(viaPg!.v);
      expect([viaExec!.first, viaExec!.len]).toEqual([value, '2']);
      expect(viaExec!.n).toBe('-5');
      expect(viaExec!.is_null).toBe('t');
      expect(viaExec!.literal_kept).toBe('$1');
    }
  });

  it('keeps NULL and the empty string apart', async () => {
    const [row] = await docker().readOnly((q) =>
      q.query(`SELECT NULL::text AS a, ''::text AS b, $1::text AS c`, ['']),
    );
    expect(row).toEqual({ a: null, b: '', c: '' });
  });
});

describe('exec transport answers like the direct one', () => {
  // Timings differ from run to run; everything else must be equal.
  const run = async (db: PgDatabase | ExecDatabase, f: FiltersInput) => {
    const { timings: _timings, ...result } = await investigate(
      db,
      Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit: 1000, ...f }),
      {
        now: NOW,
      },
    );
    return result;
  };
  const cases: FiltersInput[] = [
    {},
    { keyAliases: [HOSTILE_ALIAS] },
    { keyAliases: ["o'brien", 'équipe-données'] },
    { keyAliases: [MULTILINE_ALIAS] },
    { models: ['gpt-4o'], errorTypes: ['RateLimitError', 'Timeout'] },
    { text: `"quoted" 'single' $1` },
    { text: '\\ back 🚀' },
    { text: 'one\nline "two"' },
  ];

  it.each(cases)('same totals, breakdowns and rows for %j (docker and kubectl)', async (f) => {
    const expected = await run(direct, f);
    expect(expected.total).toBeGreaterThan(0);
    expect(await run(docker(), f)).toEqual(expected);
    expect(await run(kubectl(), f)).toEqual(expected);
  });

  it('pages through every match in one snapshot like the direct transport', async () => {
    const query = resolveQuery(Filters.parse({ timeRange: { kind: 'absolute', ...RANGE } }), NOW);
    const collect = async (db: PgDatabase | ExecDatabase) => {
      const pages: string[][] = [];
      await forEachErrorPage(db, query, (rows) => void pages.push(rows.map((r) => r.requestId)), {
        pageSize: 2,
      });
      return pages;
    };
    const expected = await collect(direct);
    expect(expected.length).toBeGreaterThan(2);
    expect(await collect(docker())).toEqual(expected);
  });

  it('runs the error set once for a full read, however many pages, and can stop early', async () => {
    const query = resolveQuery(Filters.parse({ timeRange: { kind: 'absolute', ...RANGE } }), NOW);
    const rows = vi.spyOn(PsqlSession.prototype, 'rows');
    const streamed = vi.spyOn(PsqlSession.prototype, 'streamRows');
    try {
      let pages = 0;
      const total = await forEachErrorPage(docker(), query, () => void pages++, { pageSize: 2 });
      expect(pages).toBeGreaterThan(2);
      const executions = [...rows.mock.calls, ...streamed.mock.calls].filter(([text]) =>
        text.includes('FROM filtered'),
      );
      expect(executions).toHaveLength(1);
      expect(total).toBe(
        (
          await investigate(direct, Filters.parse({ timeRange: { kind: 'absolute', ...RANGE } }), {
            now: NOW,
          })
        ).total,
      );
      // Stopping after the first page leaves the session usable: the read still commits and returns.
      expect(await forEachErrorPage(docker(), query, () => false, { pageSize: 2 })).toBe(2);
    } finally {
      rows.mockRestore();
      streamed.mockRestore();
    }
  });
});

describe('exec transport failures', () => {
  it('names a missing container', async () => {
    const db = new ExecDatabase({
      settings: settings({ kind: 'docker', container: 'nope' }),
      password: PASSWORD,
      env: cli.env,
    });
    const err = await failure(db.readOnly((q) => q.query('SELECT 1')));
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toMatch(/docker container "nope" does not exist/);
  });

  it('names a missing pod', async () => {
    const db = new ExecDatabase({
      settings: settings({ kind: 'kubectl', pod: 'gone', namespace: 'llm' }),
      password: PASSWORD,
      env: cli.env,
    });
    const err = await failure(db.readOnly((q) => q.query('SELECT 1')));
    expect(err.code).toBe('CONNECTION_FAILED');
    expect(err.message).toMatch(/pod "gone" in namespace "llm" was not found/);
  });

  it('names a missing docker or kubectl binary', async () => {
    const env = { ...process.env, PATH: '/nonexistent' };
    const d = new ExecDatabase({ settings: settings({ kind: 'docker', container: 'litellm-db' }), env });
    const k = new ExecDatabase({ settings: settings({ kind: 'kubectl', pod: 'postgres-0' }), env });
    const de = await failure(d.readOnly((q) => q.query('SELECT 1')));
    const ke = await failure(k.readOnly((q) => q.query('SELECT 1')));
    expect([de.code, de.message]).toEqual([
      'NOT_FOUND',
      '"docker" was not found on this machine: is Docker installed and on PATH?',
    ]);
    expect([ke.code, ke.message]).toEqual([
      'NOT_FOUND',
      '"kubectl" was not found on this machine: is kubectl installed and on PATH?',
    ]);
  });

  it('says a wrong or missing password is a refused login, over env and over stdin', async () => {
    for (const db of [docker('wrong'), kubectl('wrong'), docker(null)]) {
      const err = await failure(db.readOnly((q) => q.query('SELECT 1')));
      expect(err.code).toBe('AUTH_FAILED');
      expect(err.message).toMatch(/Login to postgres:\/\/reader@\/fixture .* refused/);
    }
  });

  it('names psql missing inside the container', async () => {
    const err = await failure(
      docker(PASSWORD, { psql: 'no-psql-here' }).readOnly((q) => q.query('SELECT 1')),
    );
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toMatch(/psql was not found inside the docker container "litellm-db"/);
  });

  it('maps a query error and the statement timeout like the direct transport', async () => {
    const missing = await failure(docker().readOnly((q) => q.query('SELECT * FROM no_such_table')));
    expect(missing.code).toBe('SCHEMA_MISSING');
    const slow = await failure(docker().readOnly((q) => q.query('SELECT pg_sleep(3)'), { timeoutMs: 200 }));
    expect(slow.code).toBe('TIMEOUT');
  });

  it('refuses writes: the session is read-only', async () => {
    const err = await failure(
      docker().readOnly((q) =>
        q.query('WITH d AS (DELETE FROM "LiteLLM_SpendLogs" RETURNING 1) SELECT count(*) FROM d'),
      ),
    );
    expect(err.message).toMatch(/read-only transaction/);
  });
});

/** Every process's argv on this machine, as /proc shows it to anyone. */
function allCommandLines(): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // exited meanwhile
    }
  }
  return lines;
}

describe('exec transport: process list and cancellation', () => {
  it.each([
    ['docker (env by name)', () => docker()],
    ['kubectl (stdin)', () => kubectl()],
  ] as const)('never shows the password on a command line: %s', async (_label, make) => {
    let seenPsql = false;
    let leaked: string[] = [];
    await make().readOnly(async (q) => {
      const sleeping = q.query('SELECT pg_sleep(0.6)');
      await new Promise((r) => setTimeout(r, 300));
      const lines = allCommandLines();
      seenPsql = lines.some((l) => /psql .*--username=reader/.test(l));
      leaked = lines.filter((l) => l.includes(PASSWORD) || l.includes('PGPASSWORD='));
      await sleeping;
    });
    expect(seenPsql).toBe(true);
    expect(leaked).toEqual([]);
  });

  it('abort kills psql and the statement stops on the server', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = docker().readOnly((q) => q.query(`SELECT pg_sleep(120), 'logdesk-abort-probe'`), {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 400);
    const err = await failure(running);
    expect(err.code).toBe('CANCELLED');
    // Far sooner than the 120 s the statement asks for, with room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(60_000);
    const stillThere = async () =>
      (
        await server.exec(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%logdesk-abort-probe%' AND pid <> pg_backend_pid()`,
        )
      ).rows[0].n;
    await expect.poll(stillThere, { timeout: 60_000, interval: 100 }).toBe(0);
    expect(allCommandLines().filter((l) => l.includes('logdesk-abort-probe'))).toEqual([]);
  });
});

describe('exec sessions are visible to a DBA', () => {
  it('run as application_name=logdesk (not psql) over docker and kubectl, like direct sessions', async () => {
    const sql = `SELECT current_setting('application_name') AS app, current_database() AS db`;
    for (const db of [docker(), kubectl()]) {
      const [row] = await db.readOnly((q) => q.query(sql));
      expect(row).toEqual({ app: 'logdesk', db: 'fixture' });
    }
  });
});
