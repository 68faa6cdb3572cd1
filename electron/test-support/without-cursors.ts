import type { Database } from '../engine/db/database.ts';

/** The same database seen through sessions without cursors, as psql over exec is: keyset paging. */
export const withoutCursors = (inner: Database): Database => ({
  description: inner.description,
  dialect: inner.dialect,
  readOnly: (work, options) =>
    inner.readOnly((sql) => work({ query: (text, params) => sql.query(text, params) }), options),
  close: () => inner.close(),
});
