import type { PGlite } from '@electric-sql/pglite';

/**
 * The demo snapshot keeps its generated rows as they were made; opening it moves them to "now"
 * without rewriting a row (a full UPDATE cost seconds a table): the timed tables live in this
 * schema, and views under LiteLLM's names in public add the shift, a session setting, to every
 * timestamp. The catalog checks read the tables behind the views (db/stored-relation.ts).
 */
export const SHIFTED_SCHEMA = 'logdesk_demo';
const MINUTES_SETTING = 'logdesk.demo_shift_minutes';
const DAYS_SETTING = 'logdesk.demo_shift_days';
const MINUTE = 60_000;

const byMinutes = (column: string) => `"${column}" + current_setting('${MINUTES_SETTING}')::int * interval '1 minute' AS "${column}"`;
// Daily totals move by whole days only: a shift of a few hours leaves them on their generated dates.
const byDays = (column: string) => `to_char("${column}"::date + current_setting('${DAYS_SETTING}')::int, 'YYYY-MM-DD') AS "${column}"`;

/** Which columns of which table move with the clock, and how. */
const SHIFTED: Record<string, Record<string, (column: string) => string>> = {
  LiteLLM_SpendLogs: { startTime: byMinutes, endTime: byMinutes, completionStartTime: byMinutes },
  LiteLLM_ErrorLogs: { startTime: byMinutes, endTime: byMinutes },
  LiteLLM_DailyUserSpend: { date: byDays },
  LiteLLM_DailyTeamSpend: { date: byDays },
};

/** Moves the timed tables into SHIFTED_SCHEMA and puts a view of each, its columns in their order, in its place. */
export async function createShiftViews(db: PGlite): Promise<void> {
  await db.exec(`CREATE SCHEMA ${SHIFTED_SCHEMA}`);
  for (const [table, shifted] of Object.entries(SHIFTED)) {
    const { rows } = await db.query<{ name: string }>(
      `SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass(quote_ident($1)) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [table],
    );
    if (!rows.length) continue;
    const columns = rows.map(({ name }) => shifted[name]?.(name) ?? `"${name}"`);
    await db.exec(
      `ALTER TABLE "${table}" SET SCHEMA ${SHIFTED_SCHEMA};
       CREATE VIEW public."${table}" AS SELECT ${columns.join(', ')} FROM ${SHIFTED_SCHEMA}."${table}";`,
    );
  }
}

/** Sets the views' shift so the snapshot's week ends at `now` (whole minutes keep the generator's shape). */
export async function shiftToNow(db: PGlite, now: number): Promise<void> {
  const result = await db.query<{ generated_at: string }>(`SELECT generated_at FROM ${SHIFTED_SCHEMA}_meta`);
  const generatedAt = Number(result.rows[0]?.generated_at ?? now);
  // Either way: a snapshot made later than a pinned clock (tests, LOGDESK_NOW) moves back.
  const minutes = Math.floor((now - generatedAt) / MINUTE);
  await db.query(`SELECT set_config($1, $2, false), set_config($3, $4, false)`, [
    MINUTES_SETTING, String(minutes), DAYS_SETTING, String(Math.floor(minutes / 1440)),
  ]);
}
