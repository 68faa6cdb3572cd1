import type { Filters } from '../../shared/filters.ts';
import { filterChips } from '../lib/filter-chips.ts';
import { CloseIcon } from './Icons.tsx';

/** The active filters on the compact bar's one line: a chip opens the full form, × removes it. */
export function FilterChips({
  filters,
  onChange,
  onOpen,
}: {
  filters: Filters;
  onChange: (f: Filters) => void;
  onOpen: () => void;
}) {
  const chips = filterChips(filters);
  return (
    <ul className="filter-chips" aria-label="Active filters">
      {chips.length === 0 && <li className="filter-chips-none muted">No filters</li>}
      {chips.map((c) => (
        <li key={c.key} className="chip">
          <button
            type="button"
            className="chip-text filter-chip-open"
            title={`${c.text}: edit in the full form`}
            onClick={onOpen}
          >
            {c.text}
          </button>
          <button
            type="button"
            className="chip-remove"
            aria-label={`Remove filter ${c.text}`}
            title={`Remove filter ${c.text}`}
            onClick={() => onChange(c.without(filters))}
          >
            <CloseIcon size={12} />
          </button>
        </li>
      ))}
    </ul>
  );
}
