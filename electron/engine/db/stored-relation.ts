import type { SqlRunner } from './database.ts';

/**
 * SQL for the relation that stores the table `nameSql` names (an SQL expression giving the unqualified
 * name), resolved through the search_path like the queries resolve it: the table itself, or, for a
 * view that reads exactly one table, that table. Its indexes, size and statistics are then the view's:
 * the embedded demo exposes LiteLLM's tables as such views (its times shifted to now), and a database
 * may hand out a view over the real table. Read from pg_rewrite and pg_depend, which any role may read.
 */
export function storedRelation(nameSql: string): string {
  const named = `to_regclass(quote_ident(${nameSql}))`;
  return `COALESCE(
    (SELECT min(d.refobjid)::regclass FROM pg_rewrite rw
       JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid
      WHERE rw.ev_class = ${named} AND rw.rulename = '_RETURN'
        AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> rw.ev_class
     HAVING count(DISTINCT d.refobjid) = 1),
    ${named})`;
}

/** True when `table` has a unique, non-partial index on request_id alone: then no id can repeat. */
export async function uniqueRequestId(sql: SqlRunner, table: string): Promise<boolean> {
  const [row] = await sql.query<{ is_unique: unknown }>(
    `SELECT EXISTS (
       SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid = ${storedRelation('$1::text')} AND i.indisunique AND i.indpred IS NULL
          AND i.indnatts = 1 AND a.attname = 'request_id') AS is_unique`,
    [table],
  );
  // psql over exec returns booleans as text.
  return row?.is_unique === true || row?.is_unique === 't';
}
