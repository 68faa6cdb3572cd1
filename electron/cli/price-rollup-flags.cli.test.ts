import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyPostgres, type TestPostgres } from '../test-support/pg-server.ts';
import { runCli } from '../test-support/run-cli.ts';
import { sharedTestPostgres } from '../test-support/shared-postgres.ts';
import { RANGE2D } from '../test-support/upstream-call-logs.ts';
import { upstreamStatements } from '../test-support/upstream-ddl.ts';

/**
 * The price and roll-up table flags on an LLMCallLog built as Django creates it (upstream-call-logs.ts:
 * `llm_llmcalllog`, `llm_llmmodelprice` with `model_name`, `currency`, `is_active`, `effective_date`,
 * `llm_llmtokenusage`), against spend computed by independent SQL in PostgreSQL and SQLite.
 */
let dir: string;
let file: string;
let pg: TestPostgres;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-priceflags-'));
  file = join(dir, 'calls.db');
  execFileSync('sqlite3', [file], { input: upstreamStatements('sqlite').join(';\n') + ';\n' });
  pg = sharedTestPostgres();
  await pg.createDatabase('prices');
  for (const s of upstreamStatements('postgres')) await pg.exec(s, [], 'prices');
});
afterAll(async () => {
  if (pg) await destroyPostgres(pg);
  rmSync(dir, { recursive: true, force: true });
});

type Engine = 'postgres' | 'sqlite';
const range = ['--from', RANGE2D.from, '--to', RANGE2D.to];
const url = (engine: Engine) => (engine === 'postgres' ? pg.url('prices') : file);

async function oracle(engine: Engine, sql: string): Promise<Record<string, unknown>[]> {
  if (engine === 'sqlite')
    return JSON.parse(
      execFileSync('sqlite3', ['-readonly', '-json', file, sql], { encoding: 'utf8' }) || '[]',
    );
  return (await pg.exec(sql, [], 'prices')).rows as Record<string, unknown>[];
}

/**
 * Spend per currency as the price flags define it: a recorded `estimated_cost` as it is, else tokens ×
 * the price row picked (`inForce`: active, latest effective date not after the call; otherwise the
 * highest price), per `per` tokens; the row's currency, USD where no row applies. Zero totals left out.
 */
async function spendTruth(
  engine: Engine,
  opts: { per: number; inForce: boolean },
): Promise<Record<string, number>> {
  const at = engine === 'postgres' ? `(c.request_timestamp AT TIME ZONE 'UTC')` : 'c.request_timestamp';
  const inForce = opts.inForce ? `AND q.is_active AND q.effective_date <= ${at}` : '';
  const order = `${opts.inForce ? 'q.effective_date DESC, ' : ''}q.input_price_per_1k DESC, q.output_price_per_1k DESC`;
  const rows = await oracle(
    engine,
    `
    SELECT COALESCE(p.currency, 'USD') AS currency,
           sum(COALESCE(c.estimated_cost, CASE WHEN COALESCE(c.prompt_tokens, 0) + COALESCE(c.completion_tokens, 0) > 0
                 THEN (COALESCE(c.prompt_tokens, 0) * p.input_price_per_1k + COALESCE(c.completion_tokens, 0) * p.output_price_per_1k) / ${opts.per}.0 END)) AS spend
      FROM llm_llmcalllog c
      LEFT JOIN llm_llmmodelprice p ON p.id = (SELECT q.id FROM llm_llmmodelprice q WHERE q.model_name = c.model_name ${inForce} ORDER BY ${order} LIMIT 1)
     GROUP BY 1`,
  );
  return Object.fromEntries(
    rows.map((r) => [String(r.currency), Math.round(Number(r.spend ?? 0) * 1e6)]).filter(([, n]) => n !== 0),
  );
}

async function usage(engine: Engine, flags: string[]) {
  const run = await runCli([
    'usage',
    '--url',
    url(engine),
    '--table',
    'llm_llmcalllog',
    ...range,
    '--json',
    '--limit',
    '0',
    ...flags,
  ]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

const spendOf = (doc: { summary: { spendByCurrency: { currency: string; spend: number }[] } }) =>
  Object.fromEntries(doc.summary.spendByCurrency.map((m) => [m.currency, Math.round(m.spend * 1e6)]));
const counts = (doc: { summary: Record<string, unknown> }) => {
  const { requests, failed, inFlight, totalTokens, promptTokens } = doc.summary;
  return { requests, failed, inFlight, totalTokens, promptTokens };
};

describe.each(['postgres', 'sqlite'] as const)('price and roll-up table flags on %s', (engine) => {
  let detected: Awaited<ReturnType<typeof usage>>;
  beforeAll(async () => {
    detected = await usage(engine, []);
  });

  it('the detected price table, --price per=1m and --price active= effectiveFrom= each give the spend SQL says', async () => {
    // The truth reads the whole table: every call is in the range.
    const [row] = await oracle(engine, 'SELECT count(*) AS n FROM llm_llmcalllog');
    expect(detected.summary.requests).toBe(Number(row!.n));
    expect(spendOf(detected)).toEqual(await spendTruth(engine, { per: 1000, inForce: true }));
    expect(spendOf(await usage(engine, ['--price', 'per=1m']))).toEqual(
      await spendTruth(engine, { per: 1_000_000, inForce: true }),
    );
    const ignoring = await usage(engine, [
      '--price-table',
      'llm_llmmodelprice',
      '--price',
      'active=',
      '--price',
      'effectiveFrom=',
    ]);
    expect(spendOf(ignoring)).toEqual(await spendTruth(engine, { per: 1000, inForce: false }));
    expect(spendOf(ignoring)).not.toEqual(spendOf(detected));
  });

  it('--no-price-table: no price-table currency, recorded costs as they are, every other figure equal', async () => {
    const none = await usage(engine, ['--no-price-table']);
    expect(none.summary.spendByCurrency.map((m: { currency: string }) => m.currency)).toEqual(['USD']);
    expect(counts(none)).toEqual(counts(detected));
    // glm-4 has no price in the app's table: its spend is its recorded costs only, in no currency of its own.
    const glm = await usage(engine, ['--no-price-table', '--model', 'glm-4']);
    const [recorded] = await oracle(
      engine,
      `SELECT sum(estimated_cost) AS s FROM llm_llmcalllog WHERE model_name = 'glm-4'`,
    );
    expect(Math.round(glm.summary.spend * 1e6)).toBe(Math.round(Number(recorded!.s) * 1e6));
    expect(glm.summary.spendEstimated).toBeFalsy();
  });

  it('--no-rollup-table reads the calls; --rollup-table names the roll-ups', async () => {
    const rolled = await usage(engine, ['--basis', 'daily', '--rollup-table', 'llm_llmtokenusage']);
    expect(rolled.basisLabel).toMatch(/^from llm_llmtokenusage /);
    const refused = await runCli([
      'usage',
      '--url',
      url(engine),
      '--table',
      'llm_llmcalllog',
      ...range,
      '--basis',
      'daily',
      '--no-rollup-table',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('names no roll-up table');
  });
});

describe('a price or roll-up table flag that does not fit the database', () => {
  it('is an exit-2 error naming the flag and what was expected', async () => {
    const cases: [string[], string][] = [
      [
        ['--price', 'input=input_price'],
        '--price input: column "input_price" does not exist in table "llm_llmmodelprice" (expected a number column)',
      ],
      [
        ['--price', 'model=input_price_per_1k'],
        '--price model: column "input_price_per_1k" of table "llm_llmmodelprice" is',
      ],
      [['--price-table', 'prices_gone'], '--price-table: table "prices_gone" does not exist'],
      [
        ['--price-table', 'auth_user'],
        '--price model: no model column found by name in table "auth_user"; name it with --price model=COLUMN',
      ],
      [
        ['--rollup-table', 'llm_llmmodelprice'],
        '--rollup-table: table "llm_llmmodelprice" is not a roll-up table: it has no',
      ],
    ];
    for (const [flags, message] of cases) {
      const run = await runCli([
        'investigate',
        '--url',
        url('postgres'),
        '--table',
        'llm_llmcalllog',
        ...range,
        ...flags,
      ]);
      expect(run.code, flags.join(' ')).toBe(2);
      expect(run.stderr, flags.join(' ')).toContain(message);
    }
  });
});
