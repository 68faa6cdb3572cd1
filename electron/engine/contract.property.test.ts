import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contract/index.ts';
import { AppError } from '../../shared/errors.ts';
import { parseInvestigateArgs } from '../cli/investigate-args.ts';
import { testPlatform } from '../test-support/test-platform.ts';
import { createEngine } from './engine.ts';

/** Property tests over the wire: whatever arrives, the answer is an envelope with a field-level error, never INTERNAL. */
const engine = createEngine(testPlatform());
afterAll(() => engine.close());

const names = Object.keys(contract);
// Calls that would act on the machine if a random payload happened to be valid are still safe here:
// a test platform's temp data folder, no saved profile, no investigation to export.
const callName = fc.oneof(
  fc.constantFrom(...names),
  fc.constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', ''),
  fc.string(),
);
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000', "'; drop table x; --", '\\', '%', '_', '\u202e', 'x'.repeat(600)),
);
const payload = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record(
    {
      source: fc.oneof(
        fc.constant({ kind: 'demo' }),
        fc.record(
          { kind: fc.constantFrom('url', 'profile', 'nope'), url: hostileString, name: hostileString },
          { requiredKeys: ['kind'] },
        ),
      ),
      filters: fc.dictionary(
        fc.constantFrom('keyAliases', 'models', 'text', 'limit', 'timeRange', 'statusCodes'),
        fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 }), fc.integer(), fc.double()),
      ),
    },
    { requiredKeys: [] },
  ),
);

describe('engine.dispatch with arbitrary calls and payloads', () => {
  it('answers every call with an envelope: a result, or an error naming what was wrong; never INTERNAL', async () => {
    await fc.assert(
      fc.asyncProperty(callName, payload, async (name, args) => {
        // A valid payload would run a real call (a query on the demo…): the property is about refusals.
        if (
          Object.hasOwn(contract, name) &&
          contract[name as keyof typeof contract].request.safeParse(args).success
        )
          return;
        const envelope = await engine.dispatch(name, args);
        if (envelope.ok) return;
        expect(envelope.error.code).not.toBe('INTERNAL');
        if (envelope.error.code === 'BAD_ARGUMENT')
          expect(envelope.error.message).toMatch(/^(Unknown call ".*"|[\w.]+: .+)$/s);
      }),
      { numRuns: 300 },
    );
  });
});

const FLAGS = [
  '--demo',
  '--url',
  '--profile',
  '--since',
  '--from',
  '--to',
  '--key-alias',
  '--model',
  '--error-type',
  '--status-code',
  '--team-alias',
  '--text',
  '--limit',
  '--timeout',
  '--json',
  '--out',
  '--llm',
  '--help',
  '-h',
  '--nope',
];

describe('logdesk investigate arguments', () => {
  it('either parse or are refused as a bad argument naming the option; never another error', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...FLAGS), hostileString, fc.integer().map(String)), {
          maxLength: 8,
        }),
        (argv) => {
          try {
            parseInvestigateArgs(argv, Date.parse('2026-03-10T12:00:00Z'));
          } catch (err) {
            expect(err).toBeInstanceOf(AppError);
            expect((err as AppError).code).toBe('BAD_ARGUMENT');
            expect((err as AppError).message.length).toBeGreaterThan(5);
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
