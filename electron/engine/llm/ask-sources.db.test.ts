import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../shared/connection.ts';
import type { Dialect } from '../../../shared/source-mapping.ts';
import { BURST, RANGE } from '../../test-support/call-log-fixture.ts';
import { startOpenAiServer, type OpenAiTestServer, type Reply } from '../../test-support/openai-server.ts';
import { testPlatform } from '../../test-support/test-platform.ts';
import { MYSQL_USER, startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';
import { createEngine, type Engine } from '../engine.ts';

/**
 * Ask on mapped tables of every engine (issue #18.3) and against the range the question names
 * (issue #22): the fixture's calls are on 2026-11-20, "now" is two weeks later, so the last 7 days
 * hold nothing and only the question's own range has the values.
 */
const NOW = Date.parse('2026-12-05T12:00:00.000Z');

let engines: ThreeEngines;
let engine: Engine;
let server: OpenAiTestServer | null = null;

beforeAll(async () => {
  engines = await startThreeEngines();
  engine = createEngine(testPlatform({ now: () => NOW }));
}, 120_000);
afterEach(async () => {
  await server?.close();
  server = null;
});
afterAll(async () => {
  await engine?.close();
  await engines?.stop();
});

function sourceOf(dialect: Dialect): Source {
  const table = { source: { table: 'llm_tracker_usage' } };
  if (dialect === 'postgres') return { kind: 'url', url: engines.pg.url('calls'), ...table };
  if (dialect === 'mysql') {
    const { user, password } = MYSQL_USER;
    return {
      kind: 'url',
      url: `mysql://${user}:${encodeURIComponent(password)}@${engines.maria.host}:${engines.maria.port}/calls`,
      ...table,
    };
  }
  return { kind: 'url', url: `sqlite://${engines.sqliteFile}`, ...table };
}

async function useServer(replies: Reply[]): Promise<OpenAiTestServer> {
  server = await startOpenAiServer({ replies, models: ['filter-model'] });
  await engine.call('llm.settings.save', {
    settings: { baseUrl: server.baseUrl, model: 'filter-model' },
    scope: 'session',
  });
  return server;
}

const tool = (name: string, args: Record<string, unknown>): Reply => ({
  kind: 'tool',
  name,
  arguments: JSON.stringify(args),
});
type Body = { tools: { function: { name: string } }[]; messages: { content: string }[] };
const promptOf = (s: OpenAiTestServer, i: number) =>
  (s.requests[i]!.json as Body).messages.map((m) => m.content).join('\n');
const toolOf = (s: OpenAiTestServer, i: number) => (s.requests[i]!.json as Body).tools[0]!.function.name;

describe.each<Dialect>(['postgres', 'mysql', 'sqlite'])('Ask on a mapped %s table', (dialect) => {
  it('reads the range the question names first, then offers and checks that range’s values in the display zone', async () => {
    const s = await useServer([
      // 09:00–15:00 in Paris is the fixture's 08:00–14:00 UTC.
      tool('set_time_range', { from: '2026-11-20T09:00:00+01:00', to: '2026-11-20T15:00:00+01:00' }),
      tool('set_filters', {
        models: ['GPT-4o', 'gpt-5-imaginary'],
        keyAliases: ['bob'],
        explanation: 'bob on gpt-4o',
      }),
    ]);
    const result = await engine.call('ask.filters', {
      source: sourceOf(dialect),
      question: 'rate limits on gpt-4o from bob on Nov 20 between 9 and 3',
      timeZone: 'Europe/Paris',
      timeRange: { kind: 'relative', last: '7d' },
    });
    expect(result.filters.timeRange).toEqual({ kind: 'absolute', ...RANGE });
    expect(result.checkedRange).toEqual(RANGE);
    // Real values of that range are taken (spelling as in the data); only the invented one is named.
    expect(result.filters.models).toEqual(['gpt-4o', 'gpt-5-imaginary']);
    expect(result.filters.keyAliases).toEqual(['bob']);
    expect(result.unmatched).toEqual([{ field: 'models', value: 'gpt-5-imaginary', closest: [] }]);

    expect(s.requests.map((_, i) => toolOf(s, i))).toEqual(['set_time_range', 'set_filters']);
    expect(promptOf(s, 0)).toContain('Europe/Paris');
    const second = promptOf(s, 1);
    // The values of 2026-11-20, not of the (empty) last 7 days, with the range shown in the display zone.
    expect(second).toContain('2026-11-20 09:00 – 2026-11-20 15:00 (Europe/Paris)');
    for (const value of ['alice', 'bob', 'carol', 'gpt-4o', 'claude-3-5-sonnet'])
      expect(second).toContain(value);
    expect(second).not.toContain('(none)\nModels');
    expect(second).not.toContain('America/New_York');
  });

  it('falls back to the form’s range when the question names no time', async () => {
    const s = await useServer([
      tool('set_time_range', {}),
      tool('set_filters', { keyAliases: ['bob', 'dave'] }),
    ]);
    const result = await engine.call('ask.filters', {
      source: sourceOf(dialect),
      question: 'errors from bob and dave',
      timeZone: 'UTC',
      timeRange: { kind: 'absolute', from: new Date(BURST.at).toISOString(), to: RANGE.to },
    });
    expect(result.filters.timeRange).toEqual({
      kind: 'absolute',
      from: new Date(BURST.at).toISOString(),
      to: RANGE.to,
    });
    expect(result.filters.keyAliases).toEqual(['bob', 'dave']);
    expect(result.unmatched.map((u) => u.value)).toEqual(['dave']);
    expect(promptOf(s, 1)).toContain('2026-11-20 11:00 – 2026-11-20 14:00 (UTC)');
  });
});
