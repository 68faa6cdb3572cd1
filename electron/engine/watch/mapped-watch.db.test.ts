import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import type { Dialect } from '../../../shared/source-mapping.ts';
import { BURST, T0 } from '../../test-support/call-log-fixture.ts';
import { startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';
import { builtInMapping } from '../sources/built-in-mappings.ts';
import { listTables, tableColumns } from '../sources/introspect.ts';
import { sqlDialect } from '../sql/dialects/sql-dialect.ts';
import { MappedSource } from '../sources/mapped/mapped-source.ts';

let engines: ThreeEngines;
beforeAll(async () => {
  engines = await startThreeEngines();
});
afterAll(async () => engines?.stop());

async function tracker(dialect: Dialect): Promise<MappedSource> {
  const db = engines.open(dialect);
  const mapping = await db.readOnly(async (sql) =>
    builtInMapping(
      sql,
      sqlDialect(dialect),
      'llm_tracker_usage',
      (await tableColumns(sql, dialect, 'llm_tracker_usage'))!,
      await listTables(sql, dialect),
    ),
  );
  return new MappedSource(db, mapping!);
}

/**
 * Issue 20: a watch on a mapped call-log table ran LiteLLM's SQL and failed on every poll. The
 * windows are the fixture's burst (12 failures of bob on gpt-4o within 6 minutes, 3 h in) against
 * the two hours before it, where one call in ten fails.
 */
describe('watch counts on a mapped call-log table', () => {
  const windows = {
    currentFrom: BURST.at,
    now: BURST.at + 10 * 60_000,
    baselineFrom: T0 + 3600_000,
    baselineTo: BURST.at,
  };
  const truth = async (dialect: Dialect, from: number, to: number) => {
    const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    const [row] = await engines.oracle[dialect](
      `SELECT count(*) AS requests, sum(CASE WHEN success THEN 0 ELSE 1 END) AS errors FROM llm_tracker_usage
        WHERE created_at >= '${iso(from)}' AND created_at < '${iso(to)}'`,
    );
    return { errors: Number(row!.errors ?? 0), requests: Number(row!.requests) };
  };

  for (const dialect of ['postgres', 'mysql', 'sqlite'] as const) {
    it(`${dialect}: errors and requests of the window and of the baseline equal independent SQL`, async () => {
      const counts = await (await tracker(dialect)).watchCounts(Filters.parse({}), windows);
      expect(counts.current).toEqual(await truth(dialect, windows.currentFrom, windows.now));
      expect(counts.baseline).toEqual(await truth(dialect, windows.baselineFrom, windows.baselineTo));
      expect(counts.current.errors).toBeGreaterThanOrEqual(BURST.size);
    });
  }

  it('keeps the filters: a model filter counts that model only', async () => {
    const counts = await (
      await tracker('postgres')
    ).watchCounts(Filters.parse({ models: ['claude-3-5-sonnet'] }), windows);
    // The burst is gpt-4o only.
    expect(counts.current.errors).toBe(0);
    expect(counts.baseline.requests).toBeGreaterThan(0);
  });
});
