import type { Handlers } from '../../../shared/contract/index.ts';
import { databaseForUrl, type Connections } from '../connections.ts';
import { builtInCandidates, suggestMapping } from '../sources/built-in-mappings.ts';
import { describeTable, listTables } from '../sources/introspect.ts';
import { MappedDatabase } from '../sources/investigate-mapped.ts';

/** The mapping form's reads: a pure map over Connections and the introspection queries. */
export function sourceHandlers(connections: Connections): Pick<Handlers, 'sources.describe'> {
  return {
    'sources.describe': async ({ source, table }) => {
      // The bare database: a URL opened for this question only, or a profile's database under its mapping.
      const own = source.kind === 'url' ? databaseForUrl(source.url) : null;
      const opened = own ?? (await connections.get(source));
      const db = opened instanceof MappedDatabase ? opened.inner : opened;
      const dialect = db.dialect ?? 'postgres';
      try {
        return await db.readOnly(async (sql) => {
          const tables = await listTables(sql, dialect);
          const shape = table ? await describeTable(sql, dialect, table, db.description) : null;
          const suggested = shape ? suggestMapping(shape.table, shape.columns, tables) : null;
          return {
            tables,
            builtIn: builtInCandidates(tables),
            shape,
            suggested:
              suggested && suggested.success.column
                ? suggested
                : suggested
                  ? { ...suggested, success: undefined }
                  : null,
          };
        });
      } finally {
        await own?.close();
      }
    },
  };
}
