import { mapArguments, suggestFromNames } from '../../../shared/mapping-suggest.ts';
import { AppError } from '../../../shared/errors.ts';
import type { SourceMapping, TableColumn } from '../../../shared/source-mapping.ts';
import type { SqlRunner } from '../db/database.ts';
import { builtInMapping } from './built-in-mappings.ts';
import { tableColumns } from './introspect.ts';
import type { SqlDialect } from '../sql/dialects/sql-dialect.ts';

/** A table that looks like a log of LLM calls, and the arguments that open it. */
export interface CallLogCandidate {
  table: string;
  builtIn: string | null;
  args: string[];
}

/** The CLI reads these from an error's detail to print whole commands (with the user's own source flags). */
export const CANDIDATES_DETAIL = 'call-log-tables:';

/** The app's suggestion for a table with no built-in shape (the mapping form's first guess). */
export function suggestedMapping(table: string, columns: readonly TableColumn[]): SourceMapping {
  return { table, ...suggestFromNames(columns) };
}

/** Whether a suggestion can run: a time, a model and a success column. */
const usable = (m: SourceMapping) => !!(m.columns.time && m.columns.model && m.success.column);

/** Tables whose names or columns fit a call log (built-in shapes first), at most `max` of them read. */
export async function callLogCandidates(
  sql: SqlRunner,
  d: SqlDialect,
  tables: readonly string[],
  max = 60,
): Promise<CallLogCandidate[]> {
  const found: CallLogCandidate[] = [];
  for (const table of tables.slice(0, max)) {
    const columns = await tableColumns(sql, d.name, table);
    if (!columns) continue;
    const builtIn = await builtInMapping(sql, d, table, columns, tables);
    if (builtIn) {
      found.push({ table, builtIn: builtIn.builtIn ?? null, args: ['--table', table] });
      continue;
    }
    const suggested = suggestedMapping(table, columns);
    if (usable(suggested))
      found.push({ table, builtIn: null, args: ['--table', table, ...mapArguments(suggested)] });
  }
  return found.sort((a, b) => Number(!a.builtIn) - Number(!b.builtIn));
}

const quoteArg = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
export const shellArgs = (args: readonly string[]) => args.map(quoteArg).join(' ');

/** "Name the table" with the candidates, each with the arguments that open it; the detail carries them for the CLI. */
export function chooseTableError(
  lead: string,
  candidates: readonly CallLogCandidate[],
  tables: readonly string[],
): AppError {
  const lines = candidates.length
    ? candidates.map(
        (c) =>
          `  ${shellArgs(c.args)}    (${c.builtIn ? `built-in mapping ${c.builtIn}` : 'suggested mapping: check it'})`,
      )
    : [
        `  none of the tables here looks like one (tables: ${tables.slice(0, 30).join(', ') || 'none'}); map one with --table NAME --map FIELD=COLUMN`,
      ];
  return new AppError(
    'BAD_ARGUMENT',
    `${lead}; tables that look like LLM call logs:\n${lines.join('\n')}`,
    `${CANDIDATES_DETAIL}${JSON.stringify(candidates)}`,
  );
}
