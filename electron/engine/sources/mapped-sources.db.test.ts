import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters, noExclusions } from '../../../shared/filters.ts';
import type { ErrorRow, Investigation } from '../../../shared/investigation.ts';
import { SourceMapping, type Dialect } from '../../../shared/source-mapping.ts';
import { computeInsights } from '../insights/insights.ts';
import { resolveQuery } from '../query/resolve-query.ts';
import { BURST, RANGE } from '../../test-support/call-log-fixture.ts';
import { startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';
import { builtInMapping } from './built-in-mappings.ts';
import { describeTable, listTables } from './introspect.ts';
import { MappedSource } from './mapped/mapped-source.ts';
import { observedDatabase } from '../../test-support/observed-database.ts';
import type { Database } from '../db/database.ts';
import type { SpikeWindow } from './call-source.ts';
import { sqlDialect } from '../sql/dialects/sql-dialect.ts';

/** The engine's clock in these tests: after every range they read (absolute ranges do not depend on it). */
const NOW = Date.parse('2026-12-06T12:00:00.000Z');

let engines: ThreeEngines;
beforeAll(async () => {
  engines = await startThreeEngines();
});
afterAll(async () => engines?.stop());

const DIALECTS: Dialect[] = ['postgres', 'mysql', 'sqlite'];
const filters = (extra: Partial<Filters> = {}) =>
  Filters.parse({ timeRange: { kind: 'absolute', ...RANGE }, limit: 1000, ...extra });

/** The range and the failure test of each shape, written by hand per engine. */
const LO = {
  postgres: `'2026-11-20 08:00:00+00'`,
  mysql: `'2026-11-20 08:00:00'`,
  sqlite: `'2026-11-20 08:00:00'`,
};
const HI = {
  postgres: `'2026-11-20 14:00:00+00'`,
  mysql: `'2026-11-20 14:00:00'`,
  sqlite: `'2026-11-20 14:00:00'`,
};
const ORACLE_WHERE: Record<string, (d: Dialect) => string> = {
  llm_tracker_usage: (d) =>
    `created_at >= ${LO[d]} AND created_at < ${HI[d]} AND ${d === 'postgres' ? 'NOT success' : 'success = 0'}`,
  app_llmcalllog: (d) =>
    `request_timestamp >= ${LO[d]} AND request_timestamp < ${HI[d]} AND status <> 'success'`,
  request_logs: (d) =>
    `created_at >= ${LO[d]} AND created_at < ${HI[d]} AND status_code NOT BETWEEN 200 AND 399`,
};
const MODEL_COLUMN: Record<string, string> = {
  llm_tracker_usage: 'model',
  app_llmcalllog: 'model_name',
  request_logs: 'model',
};

const REQUEST_LOGS: SourceMapping = {
  table: 'request_logs',
  columns: {
    time: 'created_at',
    requestId: 'id',
    model: 'model',
    provider: 'provider',
    keyAlias: 'api_key_name',
    errorMessage: 'error',
    durationMs: 'latency_ms',
  },
  success: { kind: 'http', column: 'status_code', min: 200, max: 399 },
};

async function mappingFor(dialect: Dialect, table: string): Promise<SourceMapping> {
  if (table === 'request_logs') return REQUEST_LOGS;
  const db = engines.open(dialect);
  return db.readOnly(async (sql) => {
    const shape = await describeTable(sql, dialect, table, db.description);
    const mapping = await builtInMapping(
      sql,
      sqlDialect(dialect),
      table,
      shape.columns,
      await listTables(sql, dialect),
    );
    if (!mapping) throw new Error(`no built-in mapping for ${table} on ${dialect}`);
    return mapping;
  });
}

const results = new Map<string, Investigation>();

/** The database, counting the statements (queries and streams) that read the failures (ld_failures). */
const failureReads = (inner: Database, reads: { count: number }): Database =>
  observedDatabase(inner, (text) => void (text.includes('FROM ld_failures') && reads.count++));

describe.each(DIALECTS)('mapped sources on %s', (dialect) => {
  it.each(Object.keys(ORACLE_WHERE))(
    '%s: errors, breakdowns and the top pattern match independent SQL',
    async (table) => {
      const mapping = await mappingFor(dialect, table);
      const db = new MappedSource(engines.open(dialect), mapping);
      const result = await db.investigate(filters(), { now: NOW });
      results.set(`${dialect}:${table}`, result);

      const where = ORACLE_WHERE[table]!(dialect);
      const model = MODEL_COLUMN[table]!;
      const expected = await engines.oracle[dialect](
        `SELECT ${model} AS model, count(*) AS n FROM ${table} WHERE ${where} GROUP BY ${model}`,
      );
      const expectedTotal = expected.reduce((a, r) => a + Number(r.n), 0);
      expect(expectedTotal).toBeGreaterThan(BURST.size);
      expect(result.total).toBe(expectedTotal);
      expect(Object.fromEntries(result.byModel.map((m) => [m.model, m.count]))).toEqual(
        Object.fromEntries(expected.map((r) => [String(r.model), Number(r.n)])),
      );
      expect(result.errors).toHaveLength(expectedTotal);
      expect(result.timeline.reduce((a, p) => a + p.count, 0)).toBe(expectedTotal);
      // Newest first, times as UTC ISO.
      expect(result.errors[0]!.time > result.errors.at(-1)!.time).toBe(true);
      expect(result.errors[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

      const insights = await computeInsights(db, 'test', resolveQuery(filters(), NOW));
      expect(insights.total).toBe(expectedTotal);
      expect(insights.patterns[0]!.count).toBe(BURST.size);
      expect(insights.patterns[0]!.template).toContain('Rate limit reached for gpt-4o');
      expect(insights.spikes.length).toBeGreaterThan(0);
      expect(insights.spikes[0]!.from <= new Date(BURST.at).toISOString()).toBe(true);
      // The spike series (one grouping summed per dimension) count every failure once per dimension.
      const seriesTotals = (dimension: string): Record<string, number> =>
        Object.fromEntries(
          insights.series
            .filter((x) => x.dimension === dimension)
            .map((x) => [x.value, x.counts.reduce((a, b) => a + b, 0)]),
        );
      expect(seriesTotals('model')).toEqual(
        Object.fromEntries(expected.map((r) => [String(r.model), Number(r.n)])),
      );
      expect(Object.values(seriesTotals('errorType')).reduce((a, b) => a + b, 0)).toBe(expectedTotal);
    },
  );

  it('patterns and spikes read the failures three times whatever the spikes: pages with the series, the period before, every context at once', async () => {
    const mapping = await mappingFor(dialect, 'llm_tracker_usage');
    const reads = { count: 0 };
    const db = new MappedSource(failureReads(engines.open(dialect), reads), mapping);
    const query = resolveQuery(filters(), NOW);
    const insights = await computeInsights(db, 'test', query);
    expect(insights.spikes.length).toBeGreaterThan(0);
    expect(reads.count).toBe(3);
    // The series counted from the streamed failures are the series statement's.
    expect(insights.series).toEqual((await db.dimensionSeries(query)).series);
  });

  it.each(['llm_tracker_usage', 'request_logs'])(
    '%s: the contexts of several spike windows, read at once, are each window’s own failures',
    async (table) => {
      const db = new MappedSource(engines.open(dialect), await mappingFor(dialect, table));
      const query = resolveQuery(filters(), NOW);
      const rows: ErrorRow[] = [];
      await db.forEachErrorPage(query, (page) => void rows.push(...page));
      const at = (h: number, m = 0) =>
        new Date(Date.parse(RANGE.from) + h * 3_600_000 + m * 60_000).toISOString();
      const windows: SpikeWindow[] = [
        { dimension: 'model', value: 'gpt-4o', from: at(3), to: at(4) },
        { dimension: 'keyAlias', value: rows[0]!.keyAlias, from: at(0), to: at(6) },
        // Clipped to the range at both ends.
        { dimension: 'errorType', value: rows.at(-1)!.errorType, from: at(-1), to: at(2, 30) },
        { dimension: 'keyAlias', value: null, from: at(0), to: at(6) },
        { dimension: 'model', value: '(unknown)', from: at(0), to: at(6) },
        { dimension: 'model', value: 'gpt-4o', from: at(7), to: at(8) },
        // The same window twice: each gets its own answer.
        { dimension: 'model', value: 'gpt-4o', from: at(3), to: at(4) },
      ];
      const contexts = await db.spikeContexts(query, windows);
      const valueOf = {
        model: (r: ErrorRow) => r.model ?? '(unknown)',
        keyAlias: (r: ErrorRow) => r.keyAlias,
        errorType: (r: ErrorRow) => r.errorType,
      };
      const top = (picked: ErrorRow[], of: (r: ErrorRow) => string | null) => {
        const counts = new Map<string | null, number>();
        for (const r of picked) counts.set(of(r), (counts.get(of(r)) ?? 0) + 1);
        return [...counts]
          .map(([value, count]) => ({ value, count }))
          .sort((a, b) => b.count - a.count || (a.value ?? '\uffff').localeCompare(b.value ?? '\uffff'))
          .slice(0, 5);
      };
      const expected = windows.map((w) => {
        const picked = rows.filter(
          (r) => r.time >= w.from && r.time < w.to && valueOf[w.dimension](r) === w.value,
        );
        return {
          models: top(picked, valueOf.model),
          deployments: top(picked, (r) => r.deployment),
          keyAliases: top(picked, valueOf.keyAlias),
          errorTypes: top(picked, valueOf.errorType),
        };
      });
      expect(expected[0]!.models[0]!.count).toBeGreaterThanOrEqual(BURST.size);
      expect(expected[2]!.errorTypes.length).toBeGreaterThan(0);
      expect(contexts).toEqual(expected);
    },
  );

  it('suggests the values its failures carry and opens one call’s stored row, as independent SQL finds them', async () => {
    const mapping = await mappingFor(dialect, 'app_llmcalllog');
    const db = new MappedSource(engines.open(dialect), mapping);
    const where = ORACLE_WHERE.app_llmcalllog!(dialect);
    const expected = await engines.oracle[dialect](
      `SELECT model_name AS v, count(*) AS n FROM app_llmcalllog WHERE ${where} GROUP BY model_name`,
    );
    const values = await db.values(
      { field: 'model', timeRange: { kind: 'absolute', ...RANGE }, limit: 50 },
      { now: NOW },
    );
    expect(Object.fromEntries(values.map((v) => [v.value, v.count]))).toEqual(
      Object.fromEntries(expected.map((r) => [String(r.v), Number(r.n)])),
    );
    expect(values.map((v) => v.count)).toEqual([...values.map((v) => v.count)].sort((a, b) => b - a));
    const searched = await db.values(
      { field: 'model', timeRange: { kind: 'absolute', ...RANGE }, search: 'GPT-4', limit: 50 },
      { now: NOW },
    );
    expect(searched.length).toBeGreaterThan(0);
    expect(searched.every((v) => v.value.toLowerCase().includes('gpt-4'))).toBe(true);

    const newest = (await db.investigate(filters({ limit: 1 }), { now: NOW })).errors[0]!;
    const detail = await db.errorDetail(newest.requestId);
    expect(detail.callRow?.table).toBe('app_llmcalllog');
    expect(String(detail.callRow?.row[mapping.columns.requestId!])).toBe(newest.requestId);
    await expect(db.errorDetail('no-such-call')).rejects.toThrow('No call "no-such-call" in app_llmcalllog');
  });

  it('filters by key alias, model, status values and message text', async () => {
    const db = new MappedSource(engines.open(dialect), await mappingFor(dialect, 'app_llmcalllog'));
    const timeouts = await db.investigate(filters({ errorTypes: ['timeout'] }), { now: NOW });
    const [expected] = await engines.oracle[dialect](
      `SELECT count(*) AS n FROM app_llmcalllog WHERE ${ORACLE_WHERE.app_llmcalllog!(dialect)} AND status = 'timeout'`,
    );
    expect(timeouts.total).toBe(Number(expected!.n));
    const carol = await db.investigate(filters({ keyAliases: ['carol'], text: 'RATE LIMIT REACHED' }), {
      now: NOW,
    });
    expect(carol.total).toBe(BURST.size);
  });
});

describe.each(DIALECTS)('excluded values on %s', (dialect) => {
  const user = dialect === 'mysql' ? '`user`' : '"user"';
  const count = async (extra: string) => {
    const [row] = await engines.oracle[dialect](
      `SELECT count(*) AS n FROM app_llmcalllog WHERE ${ORACLE_WHERE.app_llmcalllog!(dialect)} AND ${extra}`,
    );
    return Number(row!.n);
  };
  // prompt_tokens is NULL on some calls: mapped as the team, it gives the filter a missing value.
  const withTeam = async () => {
    const mapping = await mappingFor(dialect, 'app_llmcalllog');
    return new MappedSource(engines.open(dialect), {
      ...mapping,
      columns: { ...mapping.columns, teamAlias: 'prompt_tokens' },
    });
  };

  it('leave those values out and nothing else, counted as independent SQL counts them', async () => {
    const db = await withTeam();
    const total = async (exclude: Partial<Filters['exclude']>) =>
      (await db.investigate(filters({ exclude: { ...noExclusions(), ...exclude } }), { now: NOW })).total;
    const notCarol = await count(`${user} <> 'carol'`);
    expect(notCarol).toBeGreaterThan(0);
    expect(await total({ keyAliases: ['carol'] })).toBe(notCarol);
    expect(await total({ models: ['gpt-4o'], errorTypes: ['timeout'] })).toBe(
      await count(`model_name <> 'gpt-4o' AND status <> 'timeout'`),
    );
    const [first] = await engines.oracle[dialect](
      `SELECT prompt_tokens AS v FROM app_llmcalllog WHERE ${ORACLE_WHERE.app_llmcalllog!(dialect)} AND prompt_tokens IS NOT NULL ORDER BY prompt_tokens LIMIT 1`,
    );
    const v = Number(first!.v);
    // "≠ v" keeps the calls with no value; excluding the missing value drops exactly those.
    const keepsMissing = await count(`(prompt_tokens IS NULL OR prompt_tokens <> ${v})`);
    expect(keepsMissing).toBeGreaterThan(await count(`prompt_tokens IS NOT NULL AND prompt_tokens <> ${v}`));
    expect(await total({ teamAliases: [String(v)] })).toBe(keepsMissing);
    expect(await total({ teamAliases: [''] })).toBe(await count('prompt_tokens IS NOT NULL'));
  });
});

describe('the same data gives the same JSON from every engine', () => {
  it.each(Object.keys(ORACLE_WHERE))('%s', (table) => {
    const [pg, my, lite] = DIALECTS.map((d) => results.get(`${d}:${table}`));
    expect(pg).toBeDefined();
    expect(my).toEqual(pg);
    expect(lite).toEqual(pg);
  });
});

describe.each(DIALECTS)('read-only and schema drift on %s', (dialect) => {
  it('refuses every write inside a read (the canary table never changes)', async () => {
    const db = engines.open(dialect);
    const q = (s: string) => (dialect === 'mysql' ? s.replace(/"/g, '`') : s);
    for (const write of [
      `INSERT INTO "logdesk_canary" VALUES ('written')`,
      `UPDATE "logdesk_canary" SET "note" = 'changed'`,
      `DELETE FROM "logdesk_canary"`,
      `CREATE TABLE "logdesk_new" ("x" integer)`,
    ]) {
      await expect(db.readOnly((sql) => sql.query(q(write)))).rejects.toThrow();
    }
    const rows = await engines.oracle[dialect](q(`SELECT "note" FROM "logdesk_canary"`));
    expect(rows.map((r) => r.note)).toEqual(['untouched']);
    const tables = await engines.oracle[dialect](
      dialect === 'sqlite'
        ? `SELECT name FROM sqlite_master WHERE name = 'logdesk_new'`
        : `SELECT table_name FROM information_schema.tables WHERE table_name = 'logdesk_new'`,
    );
    expect(tables).toEqual([]);
  });

  it('a table that disappears after the mapping was made gives the field-level error', async () => {
    const mapping: SourceMapping = { ...REQUEST_LOGS, table: 'vanishing_logs' };
    const db = new MappedSource(engines.open(dialect), mapping);
    await expect(db.investigate(filters(), { now: NOW })).rejects.toThrow(
      'Table "vanishing_logs" does not exist',
    );
    const wrongType: SourceMapping = {
      ...REQUEST_LOGS,
      columns: { ...REQUEST_LOGS.columns, durationMs: 'model' },
    };
    await expect(
      new MappedSource(engines.open(dialect), wrongType).investigate(filters(), { now: NOW }),
    ).rejects.toThrow(/durationMs: column "model" of table "request_logs" is .*; expected a number column/);
  });
});

describe('sources.describe (the mapping form) and investigation.run through the engine', () => {
  it.each(DIALECTS)(
    '%s: tables, columns, five sample rows, the suggested mapping; it runs as saved',
    async (dialect) => {
      const { createEngine } = await import('../engine.ts');
      const { testPlatform } = await import('../../test-support/test-platform.ts');
      const { MYSQL_USER } = await import('../../test-support/three-engines.ts');
      const url =
        dialect === 'postgres'
          ? engines.pg.url('calls')
          : dialect === 'mysql'
            ? `mysql://${MYSQL_USER.user}:${encodeURIComponent(MYSQL_USER.password)}@${engines.maria.host}:${engines.maria.port}/calls`
            : `sqlite://${engines.sqliteFile}`;
      const engine = createEngine(testPlatform());
      try {
        const described = await engine.call('sources.describe', {
          source: { kind: 'url', url },
          table: 'llm_tracker_usage',
        });
        expect(described.tables).toEqual(
          expect.arrayContaining(['llm_tracker_usage', 'app_llmcalllog', 'request_logs']),
        );
        expect(described.builtIn).toEqual(['app_llmcalllog', 'llm_tracker_usage', 'request_logs']);
        expect(described.shape!.columns.find((c) => c.name === 'created_at')!.kind).toBe('time');
        expect(described.shape!.columns.find((c) => c.name === 'success')!.kind).toBe('boolean');
        expect(described.shape!.sample).toHaveLength(5);
        expect(described.suggested!.builtIn).toBe('llm_tracker_usage');
        const mapping = SourceMapping.parse(described.suggested);
        const result = await engine.call('investigation.run', {
          source: { kind: 'url', url, source: { mapping } },
          filters: filters(),
        });
        expect(result.total).toBe(results.get(`${dialect}:llm_tracker_usage`)!.total);
        const insights = await engine.call('analysis.insights', { investigationId: result.id });
        expect(insights.patterns[0]!.count).toBe(BURST.size);
      } finally {
        await engine.close();
      }
    },
  );
});

describe('sources.preview (the mapping form) on every engine, through a draft profile', () => {
  const draft = async (dialect: Dialect) => {
    const { MYSQL_USER } = await import('../../test-support/three-engines.ts');
    if (dialect === 'sqlite')
      return {
        kind: 'draft' as const,
        profile: { name: 'lite', transport: 'file' as const, file: engines.sqliteFile },
      };
    if (dialect === 'mysql') {
      const db = {
        host: engines.maria.host,
        port: engines.maria.port,
        database: 'calls',
        user: MYSQL_USER.user,
        engine: 'mysql' as const,
      };
      return {
        kind: 'draft' as const,
        profile: { name: 'maria', transport: 'direct' as const, db },
        secrets: { dbPassword: MYSQL_USER.password },
      };
    }
    const url = new URL(engines.pg.url('calls'));
    const db = {
      host: url.hostname,
      port: Number(url.port),
      database: 'calls',
      user: decodeURIComponent(url.username),
    };
    return {
      kind: 'draft' as const,
      profile: { name: 'pg', transport: 'direct' as const, db },
      secrets: { dbPassword: decodeURIComponent(url.password) },
    };
  };

  it.each(DIALECTS)(
    '%s: calls and failures over the range match independent SQL; a bad mapping names field, column and type',
    async (dialect) => {
      const { createEngine } = await import('../engine.ts');
      const { testPlatform } = await import('../../test-support/test-platform.ts');
      const engine = createEngine(testPlatform());
      try {
        const source = await draft(dialect);
        const described = await engine.call('sources.describe', { source, table: 'llm_tracker_usage' });
        const mapping = SourceMapping.parse(described.suggested);
        const timeRange = { kind: 'absolute' as const, ...RANGE };
        const preview = await engine.call('sources.preview', { source, mapping, timeRange });
        const [calls] = await engines.oracle[dialect](
          `SELECT count(*) AS n FROM llm_tracker_usage WHERE created_at >= ${LO[dialect]} AND created_at < ${HI[dialect]}`,
        );
        const [failures] = await engines.oracle[dialect](
          `SELECT count(*) AS n FROM llm_tracker_usage WHERE ${ORACLE_WHERE.llm_tracker_usage!(dialect)}`,
        );
        expect(preview.problems).toEqual([]);
        expect(preview.calls).toBe(Number(calls!.n));
        expect(preview.failures).toBe(Number(failures!.n));
        expect(preview.calls).toBeGreaterThan(preview.failures);
        expect(preview.rows).toHaveLength(5);

        const bad = {
          ...mapping,
          columns: { ...mapping.columns, durationMs: 'model', cost: 'no_such_column' },
        };
        const refused = await engine.call('sources.preview', { source, mapping: bad, timeRange });
        expect(refused.problems).toEqual([
          {
            field: 'cost',
            message: expect.stringMatching(
              /^cost: column "no_such_column" does not exist in table "llm_tracker_usage" \(expected a number column\)/,
            ),
          },
          {
            field: 'durationMs',
            message: expect.stringMatching(
              /^durationMs: column "model" of table "llm_tracker_usage" is .*; expected a number column/,
            ),
          },
        ]);
        expect(refused.calls).toBe(0);
        const gone = await engine.call('sources.preview', {
          source,
          mapping: { ...mapping, table: 'vanished' },
          timeRange,
        });
        expect(gone.problems).toEqual([
          { field: 'table', message: expect.stringContaining('Table "vanished" does not exist') },
        ]);
      } finally {
        await engine.close();
      }
    },
  );

  it('a saved profile whose mapping no longer fits still shows its tables, so the form can fix it', async () => {
    const { createEngine } = await import('../engine.ts');
    const { testPlatform } = await import('../../test-support/test-platform.ts');
    const engine = createEngine(testPlatform());
    try {
      const broken: SourceMapping = { ...REQUEST_LOGS, table: 'vanished' };
      await engine.call('profiles.save', {
        profile: { name: 'lite', transport: 'file', file: engines.sqliteFile, source: { mapping: broken } },
      });
      const described = await engine.call('sources.describe', {
        source: { kind: 'profile', name: 'lite' },
        table: 'request_logs',
      });
      expect(described.tables).toContain('request_logs');
      expect(described.shape!.columns.map((c) => c.name)).toContain('status_code');
      const preview = await engine.call('sources.preview', {
        source: { kind: 'profile', name: 'lite' },
        mapping: broken,
      });
      expect(preview.problems).toEqual([
        { field: 'table', message: expect.stringContaining('Table "vanished" does not exist') },
      ]);
      await expect(engine.call('sources.describe', { source: { kind: 'demo' } })).rejects.toThrow(
        'source: the demo database is LiteLLM',
      );
    } finally {
      await engine.close();
    }
  });

  it.each(['mysql', 'sqlite'] as const)(
    '%s: "Test connection" logs in and names the tables a mapping can read',
    async (dialect) => {
      const { createEngine } = await import('../engine.ts');
      const { testPlatform } = await import('../../test-support/test-platform.ts');
      const engine = createEngine(testPlatform());
      try {
        const { profile, secrets } = await draft(dialect);
        const result = await engine.call('profiles.test', { profile, secrets });
        expect(result.steps.map((s) => [s.step, s.ok])).toEqual([
          ['database-login', true],
          ['call-tables', true],
          ['server-version', true],
        ]);
        expect(result.steps[1]!.detail).toMatch(
          /^\d+ tables; built-in shapes: app_llmcalllog, llm_tracker_usage, request_logs$/,
        );
        expect(result.ok).toBe(true);
      } finally {
        await engine.close();
      }
    },
  );
});

describe('spike series on MariaDB', () => {
  it('count each value as stored, from the streamed failures as the series statement did, in a case-insensitive table', async () => {
    await engines.oracle.mysql(
      `CREATE TABLE case_calls (id varchar(10), at datetime(6), model varchar(20), ok bool, error text) COLLATE utf8mb4_general_ci`,
    );
    await engines.oracle.mysql(
      `INSERT INTO case_calls VALUES ('a', '2026-11-20 09:00:00', 'GPT-4o', 0, 'boom'),
         ('b', '2026-11-20 09:10:00', 'gpt-4o', 0, 'boom'), ('c', '2026-11-20 09:20:00', 'gpt-4o', 0, 'boom')`,
    );
    const mapping: SourceMapping = {
      table: 'case_calls',
      columns: { time: 'at', requestId: 'id', model: 'model', errorMessage: 'error' },
      success: { kind: 'boolean', column: 'ok' },
    };
    const insights = await computeInsights(
      new MappedSource(engines.open('mysql'), mapping),
      'test',
      resolveQuery(filters(), NOW),
    );
    const models = insights.series.filter((s) => s.dimension === 'model').map((s) => [s.value, s.total]);
    expect(models).toEqual([
      ['gpt-4o', 2],
      ['GPT-4o', 1],
    ]);
  });
});
