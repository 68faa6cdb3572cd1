import { afterEach, describe, expect, it } from 'vitest';
import type { ValueCount } from '../../../shared/contract/drilldown.ts';
import type { FilterField } from '../../../shared/filters.ts';
import { LlmSettings } from '../../../shared/llm-settings.ts';
import type { ResolvedRange } from '../../../shared/time-range.ts';
import { startOpenAiServer, type OpenAiTestServer, type Reply } from '../../test-support/openai-server.ts';
import { askFilters, type AskReads, type KnownValues } from './ask.ts';

/** Ask's own steps over fixed values (the source reads are covered on real engines in ask-sources.db.test.ts). */
let server: OpenAiTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const NOW = Date.parse('2026-12-05T12:00:00.000Z');
const none = (): KnownValues => ({
  keyAliases: [],
  models: [],
  errorTypes: [],
  statusCodes: [],
  teamAliases: [],
});
/** Key aliases of the range beyond the most frequent ones the prompt lists. */
const RARE: ValueCount[] = [
  { value: 'Rare-Key', count: 1 },
  { value: 'rare-key-2', count: 1 },
];

function reads(log: { field: FilterField; search: string; range: ResolvedRange }[]): AskReads {
  return {
    values: async () => ({ ...none(), keyAliases: [{ value: 'agent', count: 300 }] }),
    search: async (field, search, range) => {
      log.push({ field, search, range });
      return RARE.filter((v) => v.value.toLowerCase().includes(search.toLowerCase()));
    },
  };
}

async function ask(replies: Reply[], log: Parameters<typeof reads>[0] = []) {
  server = await startOpenAiServer({ replies });
  return askFilters(
    { settings: LlmSettings.parse({ baseUrl: server.baseUrl, model: 'm' }), apiKey: undefined },
    {
      question: 'q',
      fallback: { kind: 'relative', last: '24h' },
      now: NOW,
      timeZone: 'UTC',
      reads: reads(log),
    },
  );
}

describe('askFilters', () => {
  it('names a value missing only after searching the checked range for it', async () => {
    const log: Parameters<typeof reads>[0] = [];
    const result = await ask(
      [
        {
          kind: 'tool',
          name: 'set_time_range',
          arguments: JSON.stringify({ from: '2026-11-21T12:00:00Z', to: '2026-11-21T18:00:00Z' }),
        },
        {
          kind: 'tool',
          name: 'set_filters',
          arguments: JSON.stringify({ keyAliases: ['agent', 'rare-key', 'ghost'] }),
        },
      ],
      log,
    );
    const range = { from: '2026-11-21T12:00:00.000Z', to: '2026-11-21T18:00:00.000Z' };
    expect(result.checkedRange).toEqual(range);
    // "rare-key" is in the range, past the listed values: taken with the data's spelling, not named.
    expect(result.filters.keyAliases).toEqual(['agent', 'Rare-Key', 'ghost']);
    expect(result.unmatched).toEqual([{ field: 'keyAliases', value: 'ghost', closest: [] }]);
    expect(log).toEqual([
      { field: 'keyAliases', search: 'rare-key', range },
      { field: 'keyAliases', search: 'ghost', range },
    ]);
  });

  it('reads the fallback range when the question names no time', async () => {
    const result = await ask([
      { kind: 'tool', name: 'set_time_range', arguments: '{}' },
      { kind: 'tool', name: 'set_filters', arguments: JSON.stringify({ keyAliases: ['agent'] }) },
    ]);
    expect(result.filters.timeRange).toEqual({ kind: 'relative', last: '24h' });
    expect(result.checkedRange).toEqual({ from: '2026-12-04T12:00:00.000Z', to: '2026-12-05T12:00:00.000Z' });
    expect(result.unmatched).toEqual([]);
  });
});
