import type { ValueCount, ValueField } from '../../../../shared/contract/drilldown.ts';
import { resolveRange } from '../../../../shared/time-range.ts';
import type { Database, ReadOptions } from '../../db/database.ts';
import { errorSetCte, errorSetParams } from './error-query.ts';
import { detectSchema, type LiteLLMSchema } from './schema.ts';
import type { ValuesQuery } from '../call-source.ts';

/**
 * Which merged columns feed each field's suggestions. A model filter matches the public name or the
 * deployment (DESIGN §2), so both are offered.
 */
const FIELD_VALUES: Record<ValueField, string> = {
  keyAlias: 'SELECT key_alias AS v FROM filtered',
  model:
    'SELECT model AS v FROM filtered UNION ALL SELECT deployment FROM filtered WHERE deployment IS DISTINCT FROM model',
  errorType: 'SELECT error_type AS v FROM filtered',
  statusCode: 'SELECT status_code AS v FROM filtered',
  teamAlias: 'SELECT team_alias AS v FROM filtered',
};

/** Distinct values of one field over the errors in range, most frequent first. $15 search, $16 limit. */
export function valuesSql(schema: LiteLLMSchema, field: ValueField): string {
  return `${errorSetCte(schema)}
SELECT v AS value, count(*)::int AS count
  FROM (${FIELD_VALUES[field]}) x
 WHERE v IS NOT NULL AND v <> ''
   AND ($15::text IS NULL OR strpos(lower(v), lower($15::text)) > 0)
 GROUP BY v
 ORDER BY count DESC, v
 LIMIT $16::int`;
}

/** Suggestions for the filter form: the distinct values the errors in the time range carry. */
export async function distinctValues(
  db: Database,
  q: ValuesQuery,
  options: ReadOptions & { now: number },
): Promise<ValueCount[]> {
  const range = resolveRange(q.timeRange, options.now);
  const params = errorSetParams({
    ...range,
    keyAliases: [],
    models: [],
    errorTypes: [],
    statusCodes: [],
    teamAliases: [],
    text: null,
  });
  const search = q.search?.trim() ? q.search.trim() : null;
  return db.readOnly(async (sql) => {
    const schema = await detectSchema(sql);
    const rows = await sql.query<{ value: unknown; count: unknown }>(valuesSql(schema, q.field), [
      ...params,
      search,
      q.limit,
    ]);
    return rows.map((r) => ({ value: String(r.value), count: Number(r.count) }));
  }, options);
}
