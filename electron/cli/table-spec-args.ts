import { AppError, describeZodError } from '../../shared/errors.ts';
import { CALL_FIELDS, TableSpec } from '../../shared/source-mapping.ts';

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);
const FIELDS = [...CALL_FIELDS, 'success'] as const;

/** `--table`, `--map field=column` (repeatable) and `--success-values a,b`; undefined when none is given. */
/** `COLUMN->TABLE.COLUMN` or `COLUMN->TABLE(KEY).COLUMN`: a key column and the lookup it names. */
const LOOKUP = /^(.+?)->([^().]+)(?:\(([^()]+)\))?\.(.+)$/;

export function parseTableSpec(values: { table?: string | undefined; map?: string[] | undefined; 'success-values'?: string | undefined; yes?: boolean | undefined }): TableSpec | undefined {
  const { table, map, 'success-values': successValues } = values;
  if (table === undefined && map === undefined && successValues === undefined) return undefined;
  const mapped: Record<string, string> = {};
  const lookups: Record<string, { table: string; key: string; column: string }> = {};
  for (const entry of map ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1) throw bad(`--map: expected FIELD=COLUMN or FIELD=COLUMN->TABLE.COLUMN, got "${entry}"`);
    const field = entry.slice(0, eq).trim();
    if (!(FIELDS as readonly string[]).includes(field)) throw bad(`--map: unknown field "${field}" (fields: ${FIELDS.join(', ')})`);
    if (field in mapped) throw bad(`--map: field "${field}" is mapped twice`);
    const value = entry.slice(eq + 1).trim();
    const lookup = LOOKUP.exec(value);
    if (value.includes('->') && (!lookup || field === 'success')) {
      throw bad(`--map ${field}: expected COLUMN->TABLE.COLUMN (e.g. provider=provider_id->providers.name, joined on providers.id), got "${value}"`);
    }
    mapped[field] = lookup ? lookup[1]!.trim() : value;
    if (lookup) lookups[field] = { table: lookup[2]!.trim(), key: (lookup[3] ?? 'id').trim(), column: lookup[4]!.trim() };
  }
  const parsed = TableSpec.safeParse({
    ...(table !== undefined ? { table: table.trim() } : {}),
    ...(map ? { map: mapped } : {}),
    ...(Object.keys(lookups).length ? { lookups } : {}),
    ...(values.yes ? { acceptSuggestion: true } : {}),
    ...(successValues !== undefined ? { successValues: successValues.split(',').map((v) => v.trim()).filter(Boolean) } : {}),
  });
  if (!parsed.success) throw bad(describeZodError(parsed.error, '--table/--map'));
  return parsed.data;
}
