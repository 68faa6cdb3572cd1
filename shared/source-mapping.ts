import { z } from 'zod';

/** Which SQL dialect a database speaks; decides quoting, placeholders and date arithmetic. */
export const Dialect = z.enum(['postgres', 'mysql', 'sqlite']);
export type Dialect = z.infer<typeof Dialect>;
/** The engines reached through their own command-line client over exec (psql has its own transport). */
export type ClientDialect = Exclude<Dialect, 'postgres'>;

/**
 * The call model of DESIGN §9: every view reads these fields. `success` is not a column field: a
 * SuccessRule says how a row's success is decided.
 */
export const CALL_FIELDS = [
  'time',
  'requestId',
  'model',
  'deployment',
  'provider',
  'keyAlias',
  'teamAlias',
  'statusCode',
  'errorType',
  'errorMessage',
  'promptTokens',
  'completionTokens',
  'totalTokens',
  'cachedTokens',
  'reasoningTokens',
  'cost',
  'durationMs',
  'retryCount',
  'sessionId',
  'metadata',
] as const;
export const CallField = z.enum(CALL_FIELDS);
export type CallField = z.infer<typeof CallField>;

/** Kinds of column a field accepts, after each engine's types are classified (schema introspection). */
export const ColumnKind = z.enum(['text', 'number', 'time', 'boolean', 'json']);
export type ColumnKind = z.infer<typeof ColumnKind>;

const NUMBER_FIELDS = [
  'promptTokens',
  'completionTokens',
  'totalTokens',
  'cachedTokens',
  'reasoningTokens',
  'cost',
  'durationMs',
  'retryCount',
] as const;

/** What each field may be mapped to; text fields also take numbers (a numeric id, an HTTP code). */
export function expectedKinds(field: CallField): readonly ColumnKind[] {
  if (field === 'time') return ['time'];
  if (field === 'metadata') return ['json', 'text'];
  if ((NUMBER_FIELDS as readonly string[]).includes(field)) return ['number'];
  return ['text', 'number'];
}

export const REQUIRED_FIELDS: readonly CallField[] = ['time', 'model'];

/** Whether a field is read from anywhere: its column, or a fallback (a JSON key). */
export const mapsField = (mapping: Pick<SourceMapping, 'columns' | 'fallbacks'>, field: CallField) =>
  !!(mapping.columns[field] || mapping.fallbacks?.[field]);

/** A table or column name as the user or the database spells it; quoted per engine, never spliced raw. */
export const Identifier = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters');

const statusValue = z.string().min(1).max(200);

/** How a row says it succeeded (DESIGN §9). */
export const SuccessRule = z.discriminatedUnion('kind', [
  /** A boolean column: false is a failure. */
  z.object({ kind: z.literal('boolean'), column: Identifier }),
  /**
   * A status column: any present value not listed is a failure, except the values that mean "not
   * finished yet" (LLMCallLog's `pending`): those calls are in flight, neither failed nor succeeded.
   */
  z.object({
    kind: z.literal('status'),
    /** Absent where the status lives only in a JSON key (`fallbacks.success`: LiteLLM before its status column). */
    column: Identifier.optional(),
    successValues: z.array(statusValue).min(1, 'name at least one value that means success').max(50),
    pendingValues: z.array(statusValue).max(50).optional(),
  }),
  /**
   * An HTTP status column: a present code outside [min, max] is a failure, and so is a call with no
   * code but an error message (a timeout or a refused connection never got one).
   */
  z.object({
    kind: z.literal('http'),
    column: Identifier,
    min: z.number().int().min(100).max(599).default(200),
    max: z.number().int().min(100).max(599).default(399),
  }),
]);
export type SuccessRule = z.infer<typeof SuccessRule>;

/**
 * A price table beside the calls (LLMModelPrice): cost = tokens × price per `per` tokens, from the
 * row in force at the call's time (active, latest effective date not after it), in its currency.
 */
export const PriceTable = z.object({
  table: Identifier,
  model: Identifier,
  input: Identifier,
  output: Identifier,
  per: z.union([z.literal(1000), z.literal(1_000_000)]).default(1000),
  currency: Identifier.optional(),
  /** A boolean column: rows where it is false are never used. */
  active: Identifier.optional(),
  /** A date or time column: a row applies to calls from this instant on. */
  effectiveFrom: Identifier.optional(),
});
export type PriceTable = z.infer<typeof PriceTable>;

/**
 * A field read through a lookup table: the mapped column holds a key (`provider_id`, `user_id`) and
 * the field's value is `column` of the `table` row whose `key` equals it (`providers.name`).
 */
export const Lookup = z.object({
  table: Identifier,
  key: Identifier.default('id'),
  column: Identifier,
  /** The key itself is never shown (LiteLLM's hashed api_key): a key with no row has no value. */
  hideKey: z.boolean().optional(),
});
export type Lookup = z.infer<typeof Lookup>;

/**
 * A roll-up table beside the calls (LLMTokenUsage: `period`, when a row starts as `date` + `hour` or
 * `period_start`, `call_count`, `failed_count` per model and user), read instead of the calls for long
 * ranges. Its columns are recognised by name; the mapping names the table.
 */
export const RollupTableSpec = z.object({ table: Identifier });
export type RollupTableSpec = z.infer<typeof RollupTableSpec>;

/** A key name inside a JSON column; letters, digits and `_` only, since it is written into the SQL text. */
const JsonKeyName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_]+$/, 'a JSON key of letters, digits and _');

/**
 * Another place a field's value is read from: a column, or the key at `path` inside a JSON column
 * (`metadata.user_api_key_alias`). It fills in where the mapped column (through its lookup) is NULL
 * or empty, or, `first`, wins wherever it is present. A field may have it without a mapped column.
 */
export const FieldFallback = z.object({
  column: Identifier,
  path: z.array(JsonKeyName).min(1).max(8).optional(),
  first: z.boolean().optional(),
});
export type FieldFallback = z.infer<typeof FieldFallback>;

/** A source's table and the mapping of its columns onto the call model. */
export const SourceMapping = z.object({
  table: Identifier,
  columns: z.partialRecord(CallField, Identifier),
  /** Fields whose mapped column is a key into a lookup table (names instead of ids). */
  lookups: z.partialRecord(CallField, Lookup).optional(),
  /** Where a field (or a status rule's status) is read when its column gives nothing (see FieldFallback). */
  fallbacks: z.partialRecord(z.union([CallField, z.literal('success')]), FieldFallback).optional(),
  success: SuccessRule,
  priceTable: PriceTable.optional(),
  /** Roll-ups read for long ranges; none when absent. */
  rollups: RollupTableSpec.optional(),
  /** Which built-in shape it came from, for messages ("llm_tracker_usage"). */
  builtIn: z.string().optional(),
});
export type SourceMapping = z.infer<typeof SourceMapping>;
export type SourceMappingInput = z.input<typeof SourceMapping>;

export const TableColumn = z.object({ name: z.string(), type: z.string(), kind: ColumnKind });
export type TableColumn = z.infer<typeof TableColumn>;

/** What the mapping form shows of a table: its columns and five rows (values as display text). */
export const TableShape = z.object({
  table: z.string(),
  columns: z.array(TableColumn),
  sample: z.array(z.record(z.string(), z.string().nullable())),
});
export type TableShape = z.infer<typeof TableShape>;

/** The price table's parts a CLI flag may name (`--price input=input_price_per_1k`), as the form's fields. */
export const PRICE_PARTS = ['model', 'input', 'output', 'currency', 'active', 'effectiveFrom'] as const;
export const PricePart = z.enum(PRICE_PARTS);
export type PricePart = z.infer<typeof PricePart>;

/**
 * The price table as the CLI changes it: another table, some of its columns ('' leaves an optional
 * part out), prices per 1K or 1M tokens; the rest is detected from the table's own columns.
 */
export const PriceTableChange = z.object({
  table: Identifier.optional(),
  columns: z.partialRecord(PricePart, z.union([Identifier, z.literal('')])).optional(),
  per: z.union([z.literal(1000), z.literal(1_000_000)]).optional(),
});
export type PriceTableChange = z.infer<typeof PriceTableChange>;

/**
 * What a source names besides its database, as the CLI and profiles give it: a table, `field=column`
 * overrides (`success` takes the success column) and the values that mean success. Resolved into a
 * SourceMapping against the table's real columns when the source opens.
 */
export const TableSpec = z.object({
  table: Identifier.optional(),
  map: z.partialRecord(z.union([CallField, z.literal('success')]), Identifier).optional(),
  successValues: z.array(statusValue).min(1).max(50).optional(),
  /** Fields read through a lookup table (`--map provider=provider_id->providers.name`). */
  lookups: z.partialRecord(CallField, Lookup).optional(),
  /** An unknown table runs with the suggested mapping instead of refusing with the suggestion (`--yes`). */
  acceptSuggestion: z.boolean().optional(),
  /** The price table changed from the detected one (`--price-table`, `--price`); false: none (`--no-price-table`). */
  priceTable: z.union([z.literal(false), PriceTableChange]).optional(),
  /** The roll-up table instead of the detected one (`--rollup-table`); false: none (`--no-rollup-table`). */
  rollups: z.union([z.literal(false), RollupTableSpec]).optional(),
  /** A mapping saved from the form: used as is (still validated) instead of being rebuilt. */
  mapping: SourceMapping.optional(),
});
export type TableSpec = z.infer<typeof TableSpec>;
