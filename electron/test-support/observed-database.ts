import type { Database, SqlParam } from '../engine/db/database.ts';

/** The same database, telling `onStatement` each statement its sessions run (queries and streams) before it runs. */
export function observedDatabase(
  inner: Database,
  onStatement: (text: string, params: readonly SqlParam[]) => void,
): Database {
  return {
    description: inner.description,
    dialect: inner.dialect,
    ...(inner.rowsAtMost !== undefined ? { rowsAtMost: inner.rowsAtMost } : {}),
    close: () => inner.close(),
    readOnly: (work, options) =>
      inner.readOnly(
        (sql) =>
          work({
            ...sql,
            query: (text, params) => (onStatement(text, params ?? []), sql.query(text, params)),
            ...(sql.stream
              ? {
                  stream: (text, params, size) => (
                    onStatement(text, params ?? []),
                    sql.stream!(text, params, size)
                  ),
                }
              : {}),
          }),
        options,
      ),
  };
}
