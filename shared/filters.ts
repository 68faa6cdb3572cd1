import { z } from 'zod';
import { CATEGORY_LABELS, FailureCategory } from './taxonomy.ts';
import { TimeRange } from './time-range.ts';

/** PostgreSQL text cannot hold NUL: such a value could never match, and drivers fail on it differently. */
const noNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';
/**
 * The empty value stands for "no value" (a NULL or empty column: LiteLLM writes '' for unset text),
 * so errors without a key alias can be filtered like any other value.
 */
export const MISSING_VALUE = '';
const value = z.string().max(500, 'must be at most 500 characters').refine(noNul, NUL_MESSAGE);
const values = z.array(value).max(200, 'at most 200 values').default([]);
/** Causes (the taxonomy's categories) a query keeps or leaves out: computed per error by the rules. */
const categories = z.array(FailureCategory).max(20, 'at most 20 categories').default([]);

/**
 * Values a list filter leaves out ("≠ x" chips, `--not-model x`). A row with no value is kept by
 * "≠ x" (it is certainly not x) and left out only when the missing value itself is excluded.
 * An empty list excludes nothing; absent in presets and results saved before exclusions existed.
 */
export const Exclusions = z
  .object({
    keyAliases: values,
    models: values,
    errorTypes: values,
    statusCodes: values,
    teamAliases: values,
    categories,
  })
  .prefault({});
export type Exclusions = z.infer<typeof Exclusions>;

/** What the user asks for: the one filter model of the CLI, the UI, presets and reports. */
export const Filters = z.object({
  timeRange: TimeRange.default({ kind: 'relative', last: '24h' }),
  keyAliases: values,
  models: values,
  errorTypes: values,
  statusCodes: values,
  teamAliases: values,
  categories,
  exclude: Exclusions,
  /** LiteLLM's session_id (a conversation or agent run): "related requests" of one error. */
  sessionIds: values,
  text: z.string().max(500, 'must be at most 500 characters').refine(noNul, NUL_MESSAGE).optional(),
  limit: z
    .number({ message: 'expected a whole number' })
    .int('expected a whole number')
    .min(0, 'must be 0 or more')
    .max(100_000, 'must be at most 100000')
    .default(100),
});
export type Filters = z.infer<typeof Filters>;
export type FiltersInput = z.input<typeof Filters>;

export const FILTER_FIELDS = ['keyAliases', 'models', 'errorTypes', 'statusCodes', 'teamAliases'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export function defaultFilters(): Filters {
  return Filters.parse({});
}

/** How the UI and reports name the missing value of a field. */
export function missingValueLabel(field: FilterField): string {
  return field === 'keyAliases' ? '(no key alias)' : field === 'teamAliases' ? '(no team alias)' : '(none)';
}

/**
 * A value as people read it on every surface (chart, table, traffic, detail, report, CLI): the
 * missing value (null, or '' in the filters) by its one label.
 */
export function filterValueLabel(field: FilterField, v: string | null | undefined): string {
  return v === MISSING_VALUE || v === null || v === undefined ? missingValueLabel(field) : v;
}

/** One field's filter as people read it: `a, b` for included values, `≠ c` for excluded ones; '' for none. */
export function filterWords(
  q: Pick<Filters, FilterField> & { exclude?: Exclusions },
  field: FilterField,
): string {
  const excluded = q.exclude?.[field] ?? [];
  return [
    ...q[field].map((v) => filterValueLabel(field, v)),
    ...excluded.map((v) => `≠ ${filterValueLabel(field, v)}`),
  ].join(', ');
}

/** Adds a value to one list filter (no duplicates); used by chart clicks and the CLI. */
export function withFilterValue(filters: Filters, field: FilterField, v: string): Filters {
  if (filters[field].includes(v)) return filters;
  return { ...filters, [field]: [...filters[field], v] };
}

export function noExclusions(): Exclusions {
  return { keyAliases: [], models: [], errorTypes: [], statusCodes: [], teamAliases: [], categories: [] };
}

/** Whether any list filter leaves a value out. */
export function hasExclusions(exclude: Exclusions): boolean {
  return FILTER_FIELDS.some((field) => exclude[field].length > 0) || (exclude.categories?.length ?? 0) > 0;
}

/**
 * Moves a value between "= value" and "≠ value" of one field: a value is never both included and
 * excluded, which could match nothing.
 */
export function toggleExclusion(filters: Filters, field: FilterField, v: string): Filters {
  const excluded = filters.exclude[field].includes(v);
  const without = (list: readonly string[]) => list.filter((x) => x !== v);
  return excluded
    ? {
        ...filters,
        [field]: [...without(filters[field]), v],
        exclude: { ...filters.exclude, [field]: without(filters.exclude[field]) },
      }
    : {
        ...filters,
        [field]: without(filters[field]),
        exclude: { ...filters.exclude, [field]: [...filters.exclude[field], v] },
      };
}

/** The cause filter as people read it: `Provider rate limit, ≠ Timeout or network`; '' for none. */
export function categoryWords(q: {
  categories?: readonly FailureCategory[];
  exclude?: { categories?: readonly FailureCategory[] };
}): string {
  return [
    ...(q.categories ?? []).map((c) => CATEGORY_LABELS[c]),
    ...(q.exclude?.categories ?? []).map((c) => `≠ ${CATEGORY_LABELS[c]}`),
  ].join(', ');
}

/** Every filter cleared but the time range (and the row limit, which is not a filter). */
export function clearedFilters(filters: Filters): Filters {
  return { ...defaultFilters(), timeRange: filters.timeRange, limit: filters.limit };
}
