import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileInput } from '../../../shared/contract/profiles.ts';
import type { Dialect, SourceMapping } from '../../../shared/source-mapping.ts';
import { createEngine, type Engine } from '../engine.ts';
import { testPlatform } from '../../test-support/test-platform.ts';
import { MYSQL_USER, startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';

let engines: ThreeEngines;
let engine: Engine;
beforeAll(async () => {
  engines = await startThreeEngines();
  engine = createEngine(testPlatform());
});
afterAll(async () => {
  await engine?.close();
  await engines?.stop();
});

function profile(dialect: Dialect, source: ProfileInput['source']): ProfileInput {
  const common = { name: `calls-${dialect}`, source };
  if (dialect === 'sqlite') return { ...common, transport: 'file', file: engines.sqliteFile };
  if (dialect === 'mysql')
    return {
      ...common,
      transport: 'direct',
      db: {
        host: engines.maria.host,
        port: engines.maria.port,
        database: 'calls',
        user: MYSQL_USER.user,
        engine: 'mysql',
      },
    };
  const pg = new URL(engines.pg.url('calls'));
  return {
    ...common,
    transport: 'direct',
    db: {
      host: pg.hostname,
      port: Number(pg.port),
      database: 'calls',
      user: decodeURIComponent(pg.username),
    },
  };
}

const test = (dialect: Dialect, source: ProfileInput['source']) =>
  engine.call('profiles.test', {
    profile: profile(dialect, source) as never,
    secrets: { dbPassword: dialect === 'mysql' ? MYSQL_USER.password : null },
  });

describe.each(['postgres', 'mysql', 'sqlite'] as const)(
  'profiles.test of a mapped source on %s',
  (dialect) => {
    it('logs in, reads the version, checks the table and mapping, counts rows and proves writes are refused', async () => {
      const result = await test(dialect, { table: 'app_llmcalllog' });
      expect(result.steps.map((s) => `${s.step}:${s.ok}`)).toEqual([
        'database-login:true',
        'server-version:true',
        'source-table:true',
        'row-estimate:true',
        'read-only:true',
      ]);
      expect(result.ok).toBe(true);
      const [{ n }] = (await engines.oracle[dialect]('SELECT count(*) AS n FROM app_llmcalllog')) as [
        { n: unknown },
      ];
      const detail = Object.fromEntries(result.steps.map((s) => [s.step, s.detail]));
      expect(detail['row-estimate']).toBe(`app_llmcalllog: ${Number(n)} rows`);
      expect(detail['source-table']).toMatch(
        /^table "app_llmcalllog" \(built-in LLMCallLog\): \d+ fields mapped, success from status column "status", prices from "app_llmmodelprice", roll-ups from "app_llmtokenusage"$/,
      );
      expect(detail['server-version']).toMatch(
        { postgres: /^PostgreSQL 1\d/, mysql: /^MariaDB 1\d\./, sqlite: /^SQLite 3\./ }[dialect],
      );
      expect(await engines.oracle[dialect]('SELECT note FROM logdesk_canary')).toEqual([
        { note: 'untouched' },
      ]);
    });

    it('a mapping naming a missing column fails at "Table and mapping", naming the field and the column', async () => {
      const result = await test(dialect, {
        table: 'request_logs',
        map: { time: 'created_at', model: 'model', success: 'status_code', durationMs: 'no_such_column' },
      });
      expect(result.ok).toBe(false);
      expect(result.steps.at(-1)).toMatchObject({ step: 'source-table', ok: false });
      expect(result.steps.at(-1)!.detail).toMatch(
        /durationMs: column "no_such_column" does not exist in table "request_logs" \(expected a number column\)/,
      );
    });

    it('a price table that does not fit is said to be unused, and why (the source still opens)', async () => {
      const mapping: SourceMapping = {
        table: 'app_llmcalllog',
        columns: { time: 'request_timestamp', model: 'model_name' },
        success: { kind: 'status', column: 'status', successValues: ['success'] },
        // app_llmmodelprice's model column is `model`: this price table does not fit.
        priceTable: {
          table: 'app_llmmodelprice',
          model: 'model_name',
          input: 'input_price_per_1k',
          output: 'output_price_per_1k',
          per: 1000,
        },
      };
      const result = await test(dialect, { mapping });
      expect(result.ok).toBe(true);
      const detail = result.steps.find((s) => s.step === 'source-table')!.detail;
      expect(detail).not.toContain('prices from');
      expect(detail).toContain(
        'price table "app_llmmodelprice" not used (priceTable.model: column "model_name" does not exist in table "app_llmmodelprice" (expected a text column))',
      );
    });

    it('a missing table fails at "Table and mapping"', async () => {
      const result = await test(dialect, {
        table: 'gone_table',
        map: { time: 'created_at', model: 'model', success: 'ok' },
      });
      expect(result.steps.at(-1)).toMatchObject({ step: 'source-table', ok: false });
      expect(result.steps.at(-1)!.detail).toMatch(/Table "gone_table" does not exist/);
    });
  },
);
