import { z } from 'zod';
import { TimeRange } from './time-range.ts';

/** PostgreSQL text cannot hold NUL: such a value could never match, and drivers fail on it differently. */
const noNul = (s: string) => !s.includes('\u0000');
const NUL_MESSAGE = 'must not contain a NUL character (\\u0000)';
const value = z
  .string()
  .min(1, 'must not be empty')
  .max(500, 'must be at most 500 characters')
  .refine(noNul, NUL_MESSAGE);
const values = z.array(value).max(200, 'at most 200 values').default([]);

/** What the user asks for: the one filter model of the CLI, the UI, presets and reports. */
export const Filters = z.object({
  timeRange: TimeRange.default({ kind: 'relative', last: '24h' }),
  keyAliases: values,
  models: values,
  errorTypes: values,
  statusCodes: values,
  teamAliases: values,
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

/** Adds a value to one list filter (no duplicates); used by chart clicks and the CLI. */
export function withFilterValue(filters: Filters, field: FilterField, v: string): Filters {
  if (filters[field].includes(v)) return filters;
  return { ...filters, [field]: [...filters[field], v] };
}
