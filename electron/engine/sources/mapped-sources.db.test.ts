import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters, noExclusions } from '../../../shared/filters.ts';
import type { ErrorRow, Investigation } from '../../../shared/investigation.ts';
import { SourceMapping, type Dialect } from '../../../shared/source-mapping.ts';
import { computeInsights } from '../insights/insights.ts';
import { resolveQuery } from '../query/resolve-query.ts';
import { BURST, RANGE } from '../../test-support/call-log-fixture.ts';
import {
  DIALECTS,
  MODEL_COLUMN,
  ORACLE_WHERE,
  rangeFilters,
  REQUEST_LOGS,
} from '../../test-support/mapped-oracle.ts';
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

const filters = rangeFilters;

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
