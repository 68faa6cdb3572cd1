import { filterValueLabel, FILTER_FIELDS, type FilterField, type Filters } from '../../shared/filters.ts';
import { CATEGORY_LABELS } from '../../shared/taxonomy.ts';

/** The filter fields as the form labels them. */
export const FIELD_LABELS: Record<FilterField, string> = {
  keyAliases: 'Key alias',
  models: 'Model',
  errorTypes: 'Error type',
  statusCodes: 'Status code',
  teamAliases: 'Team alias',
};

/** One active filter as the compact bar shows it: `Key alias = agent`, `Model ≠ gpt-4o`. */
export interface FilterChip {
  key: string;
  text: string;
  /** The filters without this one. */
  without: (filters: Filters) => Filters;
}

const drop = <T>(list: readonly T[], v: T) => list.filter((x) => x !== v);

/** Every active filter but the time range (the bar shows that itself), in the form's order. */
export function filterChips(filters: Filters): FilterChip[] {
  const chips: FilterChip[] = [];
  for (const field of FILTER_FIELDS) {
    for (const v of filters[field]) {
      chips.push({
        key: `${field}=${v}`,
        text: `${FIELD_LABELS[field]} = ${filterValueLabel(field, v)}`,
        without: (f) => ({ ...f, [field]: drop(f[field], v) }),
      });
    }
    for (const v of filters.exclude[field]) {
      chips.push({
        key: `${field}≠${v}`,
        text: `${FIELD_LABELS[field]} ≠ ${filterValueLabel(field, v)}`,
        without: (f) => ({ ...f, exclude: { ...f.exclude, [field]: drop(f.exclude[field], v) } }),
      });
    }
  }
  for (const c of filters.categories)
    chips.push({
      key: `cause=${c}`,
      text: `Cause = ${CATEGORY_LABELS[c]}`,
      without: (f) => ({ ...f, categories: drop(f.categories, c) }),
    });
  for (const c of filters.exclude.categories ?? []) {
    chips.push({
      key: `cause≠${c}`,
      text: `Cause ≠ ${CATEGORY_LABELS[c]}`,
      without: (f) => ({ ...f, exclude: { ...f.exclude, categories: drop(f.exclude.categories ?? [], c) } }),
    });
  }
  for (const id of filters.sessionIds)
    chips.push({
      key: `session=${id}`,
      text: `Session = ${id}`,
      without: (f) => ({ ...f, sessionIds: drop(f.sessionIds, id) }),
    });
  if (filters.text)
    chips.push({
      key: 'text',
      text: `Message contains “${filters.text}”`,
      without: ({ text: _gone, ...f }) => f,
    });
  return chips;
}
