import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { parseInvestigateArgs } from './investigate-args.ts';
import { ADD_OPTIONS, profileFromArgs } from './profile-add-args.ts';
import { tableHint } from './table-hint.ts';
import { CANDIDATES_DETAIL } from '../engine/sources/call-log-candidates.ts';

const NOW = Date.parse('2026-11-22T00:00:00Z');
const source = (flags: string[]) => {
  const parsed = parseInvestigateArgs(
    ['--url', '/srv/app/db.sqlite3', '--table', 'llm_llmcalllog', ...flags],
    NOW,
  );
  if (parsed === 'help' || parsed.source.kind !== 'url') throw new Error('expected a --url source');
  if (!parsed.source.source) throw new Error('expected a table spec');
  return parsed.source.source;
};
const reason = (flags: string[]) => {
  try {
    source(flags);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_ARGUMENT');
    return (err as AppError).message;
  }
  throw new Error('expected a BAD_ARGUMENT');
};

describe('price and roll-up table flags', () => {
  it('become the spec: a table, columns by part (empty drops an optional one), per 1K or 1M, or none', () => {
    expect(
      source(['--price-table', 'prices', '--price', 'model=name', '--price', 'active=', '--price', 'per=1m']),
    ).toMatchObject({
      table: 'llm_llmcalllog',
      priceTable: { table: 'prices', columns: { model: 'name', active: '' }, per: 1_000_000 },
    });
    expect(source(['--price', 'per=1k']).priceTable).toEqual({ per: 1000 });
    expect(source(['--no-price-table', '--no-rollup-table'])).toMatchObject({
      priceTable: false,
      rollups: false,
    });
    expect(source(['--rollup-table', 'llm_llmtokenusage']).rollups).toEqual({ table: 'llm_llmtokenusage' });
    expect(source([])).not.toHaveProperty('priceTable');
  });

  it('refuse bad values naming the flag and what was expected', () => {
    expect(reason(['--price', 'colour=x'])).toBe(
      '--price: unknown part "colour" (parts: model, input, output, currency, active, effectiveFrom, per)',
    );
    expect(reason(['--price', 'model'])).toBe(
      '--price: expected PART=COLUMN (e.g. --price model=model_name), got "model"',
    );
    expect(reason(['--price', 'input='])).toMatch(
      /^--price input: expected a column of the price table \(only currency, active, effectiveFrom may be left out/,
    );
    expect(reason(['--price', 'per=2k'])).toMatch(/^--price per: expected 1k or 1m/);
    expect(reason(['--price', 'model=a', '--price', 'model=b'])).toBe('--price: part "model" is given twice');
    expect(reason(['--no-price-table', '--price-table', 'p'])).toBe(
      '--no-price-table cannot be combined with --price-table or --price',
    );
    expect(reason(['--no-rollup-table', '--rollup-table', 'r'])).toBe(
      '--no-rollup-table cannot be combined with --rollup-table',
    );
    expect(reason(['--rollup-table', ' '])).toMatch(/^--rollup-table: expected a table name/);
  });

  it('go with --url only', () => {
    expect(() => parseInvestigateArgs(['--price-table', 'p'], NOW)).toThrow(/need --url/);
    expect(() => parseInvestigateArgs(['--profile', 'app', '--no-price-table'], NOW)).toThrow(
      /go with --url/,
    );
  });

  it('are saved by profiles add', () => {
    const values = parseArgs({
      args: [
        '--file',
        '/srv/app/db.sqlite3',
        '--table',
        'llm_llmcalllog',
        '--price',
        'per=1m',
        '--no-rollup-table',
      ],
      options: ADD_OPTIONS,
      allowPositionals: true,
    }).values;
    expect(profileFromArgs('app', values).source).toMatchObject({
      table: 'llm_llmcalllog',
      priceTable: { per: 1_000_000 },
      rollups: false,
    });
  });

  it('are replaced by each candidate table in the suggested commands (a boolean flag takes no value)', () => {
    const error = {
      code: 'BAD_ARGUMENT' as const,
      message: 'x',
      detail:
        CANDIDATES_DETAIL +
        JSON.stringify([
          { table: 'llm_llmcalllog', builtIn: 'LLMCallLog', args: ['--table', 'llm_llmcalllog'] },
        ]),
    };
    const hint = tableHint(error, [
      'investigate',
      '--url',
      'db.sqlite3',
      '--no-price-table',
      '--since',
      '24h',
      '--price',
      'per=1m',
    ]);
    expect(hint).toBe(
      'Run one of:\n  logdesk investigate --url db.sqlite3 --since 24h --table llm_llmcalllog\n',
    );
  });
});
