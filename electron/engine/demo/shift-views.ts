import type { PGlite } from '@electric-sql/pglite';
import type { PgliteSession } from '../db/pglite-worker.ts';

/**
 * The demo snapshot keeps its generated rows as they were made; opening it moves them to "now"
 * without rewriting a row (a full UPDATE cost seconds a table): the timed tables live in this
 * schema, and views under LiteLLM's names in public add the shift to every timestamp. The views are
 * replaced at each open with the shift as a literal (a few ms): the planner folds it, where a
 * session setting read on every row made each scan about 2.5 times slower. The catalog checks read
 * the tables behind the views (db/stored-relation.ts).
 */
export const SHIFTED_SCHEMA = 'logdesk_demo';
export const META_TABLE = `${SHIFTED_SCHEMA}_meta`;
const MINUTE = 60_000;

interface Shift {
  minutes: number;
  days: number;
}
const byMinutes = (column: string, { minutes }: Shift) =>
  `"${column}" + interval '${minutes} minutes' AS "${column}"`;
// Daily totals move by whole days only: a shift of a few hours leaves them on their generated dates.
const byDays = (column: string, { days }: Shift) =>
  `to_char("${column}"::date + ${days}, 'YYYY-MM-DD') AS "${column}"`;

/** Which columns of which table move with the clock, and how. */
const SHIFTED: Record<string, Record<string, (column: string, shift: Shift) => string>> = {
  LiteLLM_SpendLogs: { startTime: byMinutes, endTime: byMinutes, completionStartTime: byMinutes },
  LiteLLM_ErrorLogs: { startTime: byMinutes, endTime: byMinutes },
  LiteLLM_DailyUserSpend: { date: byDays },
  LiteLLM_DailyTeamSpend: { date: byDays },
};

/** Moves the timed tables into SHIFTED_SCHEMA, records when their rows were made, and puts views (no shift yet) in their place. */
export async function createShiftViews(db: PGlite, generatedAt: number): Promise<void> {
  await db.exec(`CREATE SCHEMA ${SHIFTED_SCHEMA}; CREATE TABLE ${META_TABLE} (generated_at text NOT NULL);`);
  await db.query(`INSERT INTO ${META_TABLE} VALUES ($1)`, [
    String(Math.floor(generatedAt / MINUTE) * MINUTE),
  ]);
  const present = await db.query<{ name: string }>(
    `SELECT t AS name FROM unnest($1::text[]) t WHERE to_regclass(quote_ident(t)) IS NOT NULL`,
    [Object.keys(SHIFTED)],
  );
  await db.exec(
    present.rows.map(({ name }) => `ALTER TABLE "${name}" SET SCHEMA ${SHIFTED_SCHEMA};`).join('\n'),
  );
  await replaceViews(db, { minutes: 0, days: 0 });
}

/** (Re)creates the views, each with its table's columns in their order and the timed ones shifted. */
async function replaceViews(db: PgliteSession, shift: Shift): Promise<void> {
  const { rows } = await db.query<{ table_name: string; columns: string[] }>(
    `SELECT c.relname AS table_name, array_agg(a.attname::text ORDER BY a.attnum) AS columns
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = $1
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relname = ANY($2::text[]) AND c.relkind = 'r'
      GROUP BY c.relname`,
    [SHIFTED_SCHEMA, Object.keys(SHIFTED)],
  );
  const views = rows.map(({ table_name: table, columns }) => {
    const shifted = SHIFTED[table] ?? {};
    const list = columns.map((name) => shifted[name]?.(name, shift) ?? `"${name}"`);
    return `CREATE OR REPLACE VIEW public."${table}" AS SELECT ${list.join(', ')} FROM ${SHIFTED_SCHEMA}."${table}";`;
  });
  await db.exec(views.join('\n'));
}

/** Shifts the views so the snapshot's week ends at `now` (whole minutes keep the generator's shape). */
export async function shiftToNow(db: PgliteSession, now: number): Promise<void> {
  const result = await db.query<{ generated_at: string }>(`SELECT generated_at FROM ${META_TABLE}`);
  const generatedAt = Number(result.rows[0]?.generated_at ?? now);
  // Either way: a snapshot made later than a pinned clock (tests, LOGDESK_NOW) moves back.
  const minutes = Math.floor((now - generatedAt) / MINUTE);
  if (minutes !== 0) await replaceViews(db, { minutes, days: Math.floor(minutes / 1440) });
}
