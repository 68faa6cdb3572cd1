import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Filters } from '../../../shared/filters.ts';
import type { Dialect, SourceMapping } from '../../../shared/source-mapping.ts';
import { TrafficFilters } from '../../../shared/traffic.ts';
import { DEFAULT_PRICES } from '../llm/price-table.ts';
import { startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';
import { RANGE2D } from '../../test-support/upstream-call-logs.ts';
import { upstreamStatements } from '../../test-support/upstream-ddl.ts';
import { openCallSource } from './open-mapped.ts';
import { previewMapping } from './preview-mapping.ts';

/**
 * The parts of a mapping beside the call table, as the form edits them: lookups, the price table and
 * the roll-ups, each checked at its own form field; a price or roll-up table that does not fit is set
 * aside (the source opens, spend says why) rather than refusing the source.
 */
let engines: ThreeEngines;
beforeAll(async () => {
  engines = await startThreeEngines(upstreamStatements);
});
afterAll(async () => engines?.stop());

const NOW = Date.parse(RANGE2D.to);
const range = { kind: 'absolute', ...RANGE2D } as const;
const options = {
  prices: DEFAULT_PRICES,
  page: { sort: 'time', direction: 'desc', cursor: null, limit: 0 },
} as const;
/** The built-in LLMCallLog mapping as the engine detects it (lookups, price table, roll-ups). */
const builtIn = async (dialect: Dialect) => {
  const db = await openCallSource(engines.open(dialect), { table: 'llm_llmcalllog' });
  if (db.kind !== 'mapped') throw new Error('llm_llmcalllog opened as LiteLLM');
  return db.mapping;
};

describe.each(['postgres', 'sqlite'] as Dialect[])('mapping parts on %s', (dialect) => {
  it('the built-in LLMCallLog mapping names its roll-up table, and an edited copy (no longer built-in) still reads it', async () => {
    const detected = await builtIn(dialect);
    expect(detected.rollups).toEqual({ table: 'llm_llmtokenusage' });
    expect(detected.priceTable).toMatchObject({
      table: 'llm_llmmodelprice',
      model: 'model_name',
      currency: 'currency',
      active: 'is_active',
      effectiveFrom: 'effective_date',
    });
    const edited: SourceMapping = {
      ...detected,
      builtIn: undefined,
      columns: { ...detected.columns, teamAlias: 'source_function' },
    };
    const db = await openCallSource(engines.open(dialect), { mapping: edited });
    const daily = await db.traffic(TrafficFilters.parse({ timeRange: range }), {
      now: NOW,
      ...options,
      basis: 'daily',
    });
    expect(daily.basisLabel).toMatch(/^from llm_llmtokenusage \((hour|day) roll-ups\)$/);
  });

  it('roll-ups removed: the source never reads them, and says so when asked for them', async () => {
    const { rollups: _gone, ...without } = await builtIn(dialect);
    const db = await openCallSource(engines.open(dialect), { mapping: without });
    await expect(
      db.traffic(TrafficFilters.parse({ timeRange: range }), { now: NOW, ...options, basis: 'daily' }),
    ).rejects.toThrow(
      'basis: the roll-ups cannot answer this query (the mapping names no roll-up table (LLMTokenUsage))',
    );
  });

  it('each wrong part is a problem at its own field, in words', async () => {
    const detected = await builtIn(dialect);
    const wrong: SourceMapping = {
      ...detected,
      lookups: { keyAlias: { table: 'auth_user', key: 'id', column: 'user_name' } },
      priceTable: { ...detected.priceTable!, model: 'model', effectiveFrom: 'description' },
      rollups: { table: 'auth_user' },
    };
    const { problems } = await previewMapping(engines.open(dialect), wrong, range, NOW);
    expect(problems).toEqual([
      {
        field: 'lookups.keyAlias.column',
        message:
          'keyAlias (lookup): column "user_name" does not exist in table "auth_user" (expected a text or number column)',
      },
      {
        field: 'priceTable.model',
        message:
          'priceTable.model: column "model" does not exist in table "llm_llmmodelprice" (expected a text column)',
      },
      {
        field: 'priceTable.effectiveFrom',
        message: expect.stringMatching(
          /^priceTable\.effectiveFrom: column "description" of table "llm_llmmodelprice" is text; expected a time column$/i,
        ),
      },
      {
        field: 'rollups',
        message:
          'rollups: table "auth_user" is not a roll-up table: it has no "date" or "period_start" (a date or time column), "period", "call_count", "failed_count", "model_name" or "model" column',
      },
    ]);
    const missing = await previewMapping(
      engines.open(dialect),
      { ...detected, lookups: { keyAlias: { table: 'people', key: 'id', column: 'name' } } },
      range,
      NOW,
    );
    expect(missing.problems).toEqual([
      {
        field: 'lookups.keyAlias.table',
        message: expect.stringMatching(
          /^keyAlias \(lookup\): table "people" does not exist \(or cannot be read\) on /,
        ),
      },
    ]);
  });

  it('a price table that does not fit is set aside: the source opens and investigates, and spend says why', async () => {
    const detected = await builtIn(dialect);
    const mapping: SourceMapping = { ...detected, priceTable: { ...detected.priceTable!, model: 'model' } };
    const db = await openCallSource(engines.open(dialect), { mapping });
    const investigation = await db.investigate(Filters.parse({ timeRange: range, limit: 10 }), { now: NOW });
    expect(investigation.total).toBeGreaterThan(0);
    const usage = await db.traffic(TrafficFilters.parse({ timeRange: range }), {
      now: NOW,
      ...options,
      basis: 'spend_logs',
    });
    expect(usage.notes).toContain(
      'Not used: priceTable.model: column "model" does not exist in table "llm_llmmodelprice" (expected a text column).',
    );
    expect(usage.notes).toContain("Estimates use the app's price table (USD).");
  });
});
