import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceMapping, type Dialect } from '../../../shared/source-mapping.ts';
import { BURST, RANGE } from '../../test-support/call-log-fixture.ts';
import {
  DIALECTS,
  HI,
  LO,
  ORACLE_WHERE,
  rangeFilters as filters,
  REQUEST_LOGS,
} from '../../test-support/mapped-oracle.ts';
import { startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';

/** The mapping form's calls (sources.describe, sources.preview) through the engine, on the three engines. */
let engines: ThreeEngines;
beforeAll(async () => {
  engines = await startThreeEngines();
});
afterAll(async () => engines?.stop());

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
        // What the mapped-source test finds for this table: the hand-written count of its failures.
        const [failures] = await engines.oracle[dialect](
          `SELECT count(*) AS n FROM llm_tracker_usage WHERE ${ORACLE_WHERE.llm_tracker_usage!(dialect)}`,
        );
        expect(result.total).toBe(Number(failures!.n));
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
