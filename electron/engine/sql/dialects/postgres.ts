import { mapPgError } from './postgres-errors.ts';
import { substituteParams } from './postgres-literals.ts';
import { commonColumnKind, doubled, type SqlDialect } from './dialect-types.ts';

export const POSTGRES: SqlDialect = {
  name: 'postgres',
  placeholder: (n) => `$${n}`,
  inline: substituteParams,
  readOnlyBegin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  mapError: (err, where, context) => mapPgError(err, where, { connected: context?.connected ?? false }),
  catalog: {
    tables: `SELECT table_name AS name FROM information_schema.tables
              WHERE table_schema = current_schema() ORDER BY 1`,
    columns: (table) => `SELECT column_name AS name, data_type AS type FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`,
    columnKind: commonColumnKind,
    login: 'SELECT current_user AS who, current_database() AS db, version() AS version',
  },
  quote: doubled('"'),
  epochMs: (c) => `(extract(epoch FROM ${c}) * 1000)::float8`,
  // Columns are `timestamp` (UTC by convention, as Prisma and Django write them) or `timestamptz`:
  // comparing with a timestamptz converts the former through the session zone, so pin it to UTC.
  timeRange: (c, type, range, add) => {
    const at = (p: string) =>
      /with time zone/i.test(type) ? `${p}::timestamptz` : `(${p}::timestamptz AT TIME ZONE 'UTC')`;
    return `${c} >= ${at(add(range.from))} AND ${c} < ${at(add(range.to))}`;
  },
  asText: (e) => `CAST(${e} AS text)`,
  asNumber: (e) => `CAST(${e} AS float8)`,
  isFalse: (c) => `(${c} = FALSE)`,
  contains: (h, n) => `strpos(lower(${h}), lower(${n})) > 0`,
  // Only json/jsonb columns take a path (validate-mapping.ts): the cast cannot fail on them.
  jsonText: (c, path) => `(CAST(${c} AS jsonb) #>> '{${path.join(',')}}')`,
  same: (a, b) => `${a} IS NOT DISTINCT FROM ${b}`,
};
