import {
  filterValueLabel,
  FILTER_FIELDS,
  MISSING_VALUE,
  type FilterField,
  type Filters,
} from '../../shared/filters.ts';

/** Text typed into a filter field and not yet a chip, per field. */
export type FilterDrafts = Partial<Record<FilterField, string>>;

/**
 * The filters the form shows: its chips plus any value still being typed. Running the query takes
 * these, so a value typed and left in its box (Escape, a click on Run query) runs as it reads.
 * Returns `filters` itself when nothing is pending.
 */
export function withDrafts(filters: Filters, drafts: FilterDrafts): Filters {
  let next = filters;
  for (const field of FILTER_FIELDS) {
    const typed = drafts[field]?.trim();
    if (!typed) continue;
    const value = typed === filterValueLabel(field, MISSING_VALUE) ? MISSING_VALUE : typed;
    if (next[field].includes(value) || next.exclude[field].includes(value)) continue;
    next = { ...next, [field]: [...next[field], value] };
  }
  return next;
}
