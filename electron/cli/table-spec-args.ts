import { AppError, describeZodError } from '../../shared/errors.ts';
import { CALL_FIELDS, TableSpec } from '../../shared/source-mapping.ts';

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);
const FIELDS = [...CALL_FIELDS, 'success'] as const;

/** `--table`, `--map field=column` (repeatable) and `--success-values a,b`; undefined when none is given. */
export function parseTableSpec(values: { table?: string | undefined; map?: string[] | undefined; 'success-values'?: string | undefined }): TableSpec | undefined {
  const { table, map, 'success-values': successValues } = values;
  if (table === undefined && map === undefined && successValues === undefined) return undefined;
  const mapped: Record<string, string> = {};
  for (const entry of map ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1) throw bad(`--map: expected FIELD=COLUMN, got "${entry}"`);
    const field = entry.slice(0, eq).trim();
    if (!(FIELDS as readonly string[]).includes(field)) throw bad(`--map: unknown field "${field}" (fields: ${FIELDS.join(', ')})`);
    if (field in mapped) throw bad(`--map: field "${field}" is mapped twice`);
    mapped[field] = entry.slice(eq + 1).trim();
  }
  const parsed = TableSpec.safeParse({
    ...(table !== undefined ? { table: table.trim() } : {}),
    ...(map ? { map: mapped } : {}),
    ...(successValues !== undefined ? { successValues: successValues.split(',').map((v) => v.trim()).filter(Boolean) } : {}),
  });
  if (!parsed.success) throw bad(describeZodError(parsed.error, '--table/--map'));
  return parsed.data;
}
