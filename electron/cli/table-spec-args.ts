import { AppError, describeZodError } from '../../shared/errors.ts';
import { CALL_FIELDS, PRICE_PARTS, TableSpec, type PriceTableChange } from '../../shared/source-mapping.ts';

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);
const FIELDS = [...CALL_FIELDS, 'success'] as const;

/** `COLUMN->TABLE.COLUMN` or `COLUMN->TABLE(KEY).COLUMN`: a key column and the lookup it names. */
const LOOKUP = /^(.+?)->([^().]+)(?:\(([^()]+)\))?\.(.+)$/;

/** The flags that name a table and its mapping, for every command that takes `--table`. */
export const TABLE_SPEC_OPTIONS = {
  table: { type: 'string' },
  map: { type: 'string', multiple: true },
  'success-values': { type: 'string' },
  'price-table': { type: 'string' },
  price: { type: 'string', multiple: true },
  'no-price-table': { type: 'boolean' },
  'rollup-table': { type: 'string' },
  'no-rollup-table': { type: 'boolean' },
} as const;

export interface TableSpecValues {
  table?: string | undefined;
  map?: string[] | undefined;
  'success-values'?: string | undefined;
  'price-table'?: string | undefined;
  price?: string[] | undefined;
  'no-price-table'?: boolean | undefined;
  'rollup-table'?: string | undefined;
  'no-rollup-table'?: boolean | undefined;
  yes?: boolean | undefined;
}

const PRICE_FLAG_PARTS = [...PRICE_PARTS, 'per'] as const;
const OPTIONAL_PARTS: readonly string[] = ['currency', 'active', 'effectiveFrom'];

/** `--price-table NAME`, `--price PART=COLUMN` (repeatable), `--price per=1k|1m`, `--no-price-table`. */
function priceChange(values: TableSpecValues): PriceTableChange | false | undefined {
  const { 'price-table': table, price, 'no-price-table': none } = values;
  if (none) {
    if (table !== undefined || price !== undefined)
      throw bad('--no-price-table cannot be combined with --price-table or --price');
    return false;
  }
  if (table === undefined && price === undefined) return undefined;
  if (table !== undefined && !table.trim())
    throw bad('--price-table: expected a table name (or --no-price-table for none)');
  const columns: Record<string, string> = {};
  let per: 1000 | 1_000_000 | undefined;
  for (const entry of price ?? []) {
    const eq = entry.indexOf('=');
    const part = entry.slice(0, eq).trim();
    if (eq <= 0) throw bad(`--price: expected PART=COLUMN (e.g. --price model=model_name), got "${entry}"`);
    if (!(PRICE_FLAG_PARTS as readonly string[]).includes(part))
      throw bad(`--price: unknown part "${part}" (parts: ${PRICE_FLAG_PARTS.join(', ')})`);
    if (part in columns || (part === 'per' && per !== undefined))
      throw bad(`--price: part "${part}" is given twice`);
    const value = entry.slice(eq + 1).trim();
    if (part === 'per') {
      const n = { '1k': 1000, '1000': 1000, '1m': 1_000_000, '1000000': 1_000_000 }[value.toLowerCase()];
      if (!n)
        throw bad(
          `--price per: expected 1k or 1m (prices per 1,000 or per 1,000,000 tokens), got "${value}"`,
        );
      per = n as 1000 | 1_000_000;
    } else if (!value && !OPTIONAL_PARTS.includes(part))
      throw bad(
        `--price ${part}: expected a column of the price table (only ${OPTIONAL_PARTS.join(', ')} may be left out with an empty value)`,
      );
    else columns[part] = value;
  }
  return {
    ...(table !== undefined ? { table: table.trim() } : {}),
    ...(Object.keys(columns).length ? { columns } : {}),
    ...(per ? { per } : {}),
  };
}

function rollupChange(values: TableSpecValues): { table: string } | false | undefined {
  const { 'rollup-table': table, 'no-rollup-table': none } = values;
  if (none && table !== undefined) throw bad('--no-rollup-table cannot be combined with --rollup-table');
  if (none) return false;
  if (table === undefined) return undefined;
  if (!table.trim()) throw bad('--rollup-table: expected a table name (or --no-rollup-table for none)');
  return { table: table.trim() };
}

/** The table-spec flags the user gave, for messages ("--price-table goes with --url"). */
export function tableSpecFlagsGiven(values: TableSpecValues): boolean {
  return (Object.keys(TABLE_SPEC_OPTIONS) as (keyof typeof TABLE_SPEC_OPTIONS)[]).some(
    (k) => values[k] !== undefined,
  );
}

/** `--table`, `--map field=column` (repeatable), `--success-values a,b` and the price and roll-up table flags; undefined when none is given. */
export function parseTableSpec(values: TableSpecValues): TableSpec | undefined {
  const { table, map, 'success-values': successValues } = values;
  if (!tableSpecFlagsGiven(values)) return undefined;
  const priceTable = priceChange(values);
  const rollups = rollupChange(values);
  const mapped: Record<string, string> = {};
  const lookups: Record<string, { table: string; key: string; column: string }> = {};
  for (const entry of map ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1)
      throw bad(`--map: expected FIELD=COLUMN or FIELD=COLUMN->TABLE.COLUMN, got "${entry}"`);
    const field = entry.slice(0, eq).trim();
    if (!(FIELDS as readonly string[]).includes(field))
      throw bad(`--map: unknown field "${field}" (fields: ${FIELDS.join(', ')})`);
    if (field in mapped) throw bad(`--map: field "${field}" is mapped twice`);
    const value = entry.slice(eq + 1).trim();
    const lookup = LOOKUP.exec(value);
    if (value.includes('->') && (!lookup || field === 'success')) {
      throw bad(
        `--map ${field}: expected COLUMN->TABLE.COLUMN (e.g. provider=provider_id->providers.name, joined on providers.id), got "${value}"`,
      );
    }
    mapped[field] = lookup ? lookup[1]!.trim() : value;
    if (lookup)
      lookups[field] = {
        table: lookup[2]!.trim(),
        key: (lookup[3] ?? 'id').trim(),
        column: lookup[4]!.trim(),
      };
  }
  const parsed = TableSpec.safeParse({
    ...(table !== undefined ? { table: table.trim() } : {}),
    ...(map ? { map: mapped } : {}),
    ...(Object.keys(lookups).length ? { lookups } : {}),
    ...(values.yes ? { acceptSuggestion: true } : {}),
    ...(priceTable !== undefined ? { priceTable } : {}),
    ...(rollups !== undefined ? { rollups } : {}),
    ...(successValues !== undefined
      ? {
          successValues: successValues
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean),
        }
      : {}),
  });
  if (!parsed.success) throw bad(describeZodError(parsed.error, '--table/--map/--price'));
  return parsed.data;
}
