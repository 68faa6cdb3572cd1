import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Source } from '../../../../shared/connection.ts';
import { installContainerCli, type ContainerCli } from '../../../test-support/container-cli.ts';
import { loadFixture, RANGE } from '../../../test-support/litellm-fixture.ts';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../../test-support/pg-server.ts';
import { testPlatform } from '../../../test-support/test-platform.ts';
import { createEngine, type Engine } from '../../engine.ts';

/**
 * Filter values as anyone may type them (quotes, backslashes, LIKE wildcards, NUL, bidi, emoji)
 * over every transport: a result or a 400 naming the field, never a 500, a crash or a hang.
 */
let server: TestPostgres;
let cli: ContainerCli;
let engine: Engine;
let previousPath: string | undefined;

beforeAll(async () => {
  server = await startPostgres();
  await server.createDatabase('gateway');
  const client = new pg.Client({ connectionString: server.url('gateway') });
  await client.connect();
  await loadFixture((sql, params) => client.query(sql, params as unknown[]));
  await client.end();
  cli = installContainerCli({
    pgHost: server.host,
    pgPort: server.port,
    containers: ['litellm-db'],
    pods: [],
  });
  // The exec transport finds `docker` on PATH: the stand-in, for this test file's process.
  previousPath = process.env.PATH;
  process.env.PATH = cli.path;
  engine = createEngine(testPlatform());
  await engine.call('profiles.save', {
    profile: {
      name: 'exec-db',
      transport: 'exec',
      exec: { runner: { kind: 'docker', container: 'litellm-db' }, database: 'gateway', user: 'postgres' },
    },
  });
});

afterAll(async () => {
  await engine?.close();
  cli?.remove();
  process.env.PATH = previousPath;
  if (server) await destroyPostgres(server);
});

const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom(
    "o'brien",
    "'; drop table x; --",
    '\\',
    '%',
    '_',
    '\u0000',
    'a\u0000b',
    '\u202egnp',
    '$1',
    '$$',
    '"',
    '\n',
    '',
  ),
);
const filters = fc.record(
  {
    keyAliases: fc.array(value, { maxLength: 2 }),
    models: fc.array(value, { maxLength: 2 }),
    text: value,
    statusCodes: fc.array(value, { maxLength: 1 }),
  },
  { requiredKeys: [] },
);

describe.each([
  ['demo', { kind: 'demo' }],
  ['direct', null],
  ['exec', { kind: 'profile', name: 'exec-db' }],
] as const)('filter values over %s', (_name, fixed) => {
  it('give a result or a BAD_ARGUMENT naming the field; never INTERNAL or QUERY_FAILED', async () => {
    const source = (fixed ?? { kind: 'url', url: server.url('gateway') }) as Source;
    await fc.assert(
      fc.asyncProperty(filters, async (f) => {
        const envelope = await engine.dispatch('investigation.run', {
          source,
          filters: { ...f, timeRange: { kind: 'absolute', ...RANGE }, limit: 5 },
        });
        if (envelope.ok) return;
        expect(envelope.error.code, envelope.error.message).toBe('BAD_ARGUMENT');
        expect(envelope.error.message).toMatch(
          /^investigation\.run: filters\.(keyAliases|models|text|statusCodes)(\.\d+)?: /,
        );
      }),
      { numRuns: _name === 'direct' ? 25 : 10 },
    );
  }, 120_000);
});
