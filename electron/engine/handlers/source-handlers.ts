import type { Handlers } from '../../../shared/contract/index.ts';
import type { MappingTarget } from '../../../shared/contract/sources.ts';
import type { Database } from '../db/database.ts';
import { builtInCandidates, suggestMapping } from '../sources/built-in-mappings.ts';
import { describeTable, listTables } from '../sources/introspect.ts';
import { previewMapping } from '../sources/preview-mapping.ts';
import { sqlDialect } from '../sql/dialects/sql-dialect.ts';

/** Opens the bare database (no mapping) a mapping target names, for one question: the caller closes it. */
export type BareOpener = (target: MappingTarget) => Promise<Database>;

async function withBare<T>(
  open: BareOpener,
  target: MappingTarget,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  const db = await open(target);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** The mapping form's reads: a pure map over the opener and the introspection queries. */
export function sourceHandlers(
  open: BareOpener,
  now: () => number,
): Pick<Handlers, 'sources.describe' | 'sources.preview'> {
  return {
    'sources.describe': ({ source, table }) =>
      withBare(open, source, (db) => {
        const dialect = db.dialect;
        return db.readOnly(async (sql) => {
          const tables = await listTables(sql, dialect);
          const shape = table ? await describeTable(sql, dialect, table, db.description) : null;
          const suggested = shape
            ? await suggestMapping(sql, sqlDialect(dialect), shape.table, shape.columns, tables)
            : null;
          return {
            tables,
            builtIn: builtInCandidates(tables),
            shape,
            // A success rule without a column is no suggestion: the user picks one.
            suggested:
              suggested && !suggested.success.column ? { ...suggested, success: undefined } : suggested,
          };
        });
      }),
    'sources.preview': ({ source, mapping, timeRange }) =>
      withBare(open, source, (db) => previewMapping(db, mapping, timeRange, now())),
  };
}
