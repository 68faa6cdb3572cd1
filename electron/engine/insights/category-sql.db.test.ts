import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../../shared/source-mapping.ts';
import { startThreeEngines, type ThreeEngines } from '../../test-support/three-engines.ts';
import { categorySql } from './category-sql.ts';
import { LLM_ERROR_SET } from './llm-error-set.ts';
import { categorizeError } from './taxonomy.ts';

let engines: ThreeEngines;
beforeAll(async () => {
  engines = await startThreeEngines();
}, 120_000);
afterAll(async () => engines?.stop());

interface Case {
  message: string | null;
  errorType: string | null;
  statusCode: string | null;
}

/** The labelled set, plus values where engines differ from JavaScript if written naively. */
const CASES: Case[] = [
  ...LLM_ERROR_SET.flatMap((e) =>
    e.messages.map((message) => ({ message, errorType: e.errorType, statusCode: e.statusCode })),
  ),
  { message: 'Upstream said: RATE\n\n  LIMIT   reached', errorType: null, statusCode: null },
  { message: 'Rate\t limit', errorType: null, statusCode: null },
  { message: 'ràte limit reached', errorType: null, statusCode: null },
  { message: 'value rate_limit% _x', errorType: null, statusCode: null },
  { message: "it's fine", errorType: 'litellm.RateLimitError', statusCode: null },
  { message: 'nothing known', errorType: 'ratelimiterror', statusCode: null },
  { message: 'nothing known', errorType: ' Timeout ', statusCode: null },
  { message: 'nothing known', errorType: null, statusCode: ' 503 ' },
  { message: 'nothing known', errorType: null, statusCode: '51:' },
  { message: 'nothing known', errorType: null, statusCode: '5000' },
  { message: 'nothing known', errorType: null, statusCode: '402' },
  { message: null, errorType: null, statusCode: '422' },
  { message: '该模型当前访问量过大', errorType: null, statusCode: null },
];

const ONE_ROW: Record<Dialect, string> = {
  postgres: 'SELECT $1::text AS m, $2::text AS t, $3::text AS s',
  mysql: 'SELECT ? AS m, ? AS t, ? AS s',
  sqlite: 'SELECT ? AS m, ? AS t, ? AS s',
};

describe.each(['postgres', 'mysql', 'sqlite'] as Dialect[])('the cause rules in SQL on %s', (dialect) => {
  it('give the category the TypeScript rules give, on every labelled message and the awkward values', async () => {
    const db = engines.open(dialect);
    const expr = categorySql(dialect, { message: 'x.m', errorType: 'x.t', statusCode: 'x.s' });
    const got = await db.readOnly(async (sql) => {
      const out: string[] = [];
      for (const c of CASES) {
        const [row] = await sql.query(`SELECT ${expr} AS category FROM (${ONE_ROW[dialect]}) x`, [
          c.message,
          c.errorType,
          c.statusCode,
        ]);
        out.push(String(row?.category));
      }
      return out;
    });
    const expected = CASES.map(
      (c) =>
        categorizeError({ message: c.message ?? '', errorType: c.errorType, statusCode: c.statusCode })
          .category,
    );
    expect(got).toEqual(expected);
  });
});
