import type { SqlRunner } from '../db/database.ts';

export interface TableAccess {
  present: boolean;
  readable: boolean;
}

/**
 * Which tables the search_path resolves and which of them this role may SELECT: checked first, since
 * a "permission denied" inside the read-only transaction would end it and every later check with it.
 */
export async function tableAccess(
  sql: SqlRunner,
  tables: readonly string[],
): Promise<Map<string, TableAccess>> {
  const rows = await sql.query<{ name: string; present: unknown; readable: unknown }>(
    `SELECT t.name, to_regclass(quote_ident(t.name)) IS NOT NULL AS present,
            COALESCE(has_table_privilege(to_regclass(quote_ident(t.name)), 'SELECT'), false) AS readable
       FROM unnest($1::text[]) AS t(name)`,
    [tables],
  );
  // psql over exec returns booleans as text.
  const yes = (v: unknown) => v === true || v === 't';
  return new Map(rows.map((r) => [r.name, { present: yes(r.present), readable: yes(r.readable) }]));
}

export const grantFor = (table: string) => `SELECT on "${table}" (GRANT SELECT ON "${table}" TO <role>)`;
