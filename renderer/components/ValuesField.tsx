import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Source } from '../../shared/connection.ts';
import type { ValueField } from '../../shared/contract/drilldown.ts';
import { MISSING_VALUE } from '../../shared/filters.ts';
import type { TimeRange } from '../../shared/time-range.ts';
import { useDebounced } from '../hooks/use-debounced.ts';
import { useFilterValues } from '../hooks/use-filter-values.ts';
import { CloseIcon } from './Icons.tsx';

interface Props {
  label: string;
  field: ValueField;
  values: string[];
  onChange: (values: string[]) => void;
  /** Values left out ("≠ value" chips); a chip's = / ≠ button moves it between the two lists. */
  excluded?: string[];
  onExcludedChange?: (excluded: string[]) => void;
  onToggle?: (value: string) => void;
  source: Source;
  timeRange: TimeRange;
  placeholder?: string;
  /** How the missing value ('' in the filters) reads in a chip and when typed. */
  missingLabel?: string;
  /** The rightmost field: its suggestions open leftwards so they stay inside the form. */
  alignEnd?: boolean;
  /** The text typed and not yet a chip, on every change: Run query takes it too (filter-drafts.ts). */
  onDraft?: (text: string) => void;
}

/**
 * A multi-value filter: chosen values as chips, an input with suggestions from the database's
 * distinct values in the time range (ARIA combobox). Enter adds the highlighted suggestion (the
 * exact value, else the first one, unless the user moved the highlight), or the typed text when
 * nothing matches (and says so); Enter on an empty input submits the form (runs the query).
 */
export function ValuesField({
  label,
  field,
  values,
  onChange,
  excluded = [],
  onExcludedChange,
  onToggle,
  source,
  timeRange,
  placeholder,
  alignEnd = false,
  missingLabel = '(none)',
  onDraft,
}: Props) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setTextState] = useState('');
  const setText = (next: string) => {
    setTextState(next);
    onDraft?.(next);
  };
  // Run query took the typed text as a chip: the box is done with it.
  const typed = text.trim() === missingLabel ? MISSING_VALUE : text.trim();
  useEffect(() => {
    if (typed && (values.includes(typed) || excluded.includes(typed))) setText('');
    // Only when the chips change, not on every keystroke.
  }, [values, excluded]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);
  const search = useDebounced(text, 150);
  const suggestions = useFilterValues(source, field, timeRange, search, open);
  const options = (suggestions.data ?? []).filter(
    (o) => !values.includes(o.value) && !excluded.includes(o.value),
  );
  // The list answers what is in the box now (not a search still on its way).
  const current = search === text && !suggestions.isFetching && !suggestions.isError;
  const highlighted = open && active >= 0 ? active : open && current ? defaultHighlight(options, text) : -1;
  /** A typed value the database does not hold in this range: added as typed, and said so. */
  const [unknown, setUnknown] = useState<string | null>(null);
  const shown = (v: string) => (v === MISSING_VALUE ? missingLabel : v);

  const add = (value: string) => {
    const v = value.trim();
    const real = v === missingLabel ? MISSING_VALUE : v;
    if (v && !values.includes(real) && !excluded.includes(real)) onChange([...values, real]);
    setText('');
    setActive(-1);
  };
  const remove = (value: string) => onChange(values.filter((v) => v !== value));
  const removeExcluded = (value: string) => onExcludedChange?.(excluded.filter((v) => v !== value));

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (options.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      // Ctrl+Enter runs the query with the box as typed, as Run query does (filter-drafts.ts).
      return;
    } else if (e.key === 'Enter') {
      const picked = highlighted >= 0 ? options[highlighted] : undefined;
      if (picked) {
        e.preventDefault();
        add(picked.value);
      } else if (text.trim()) {
        e.preventDefault();
        if (current && text.trim() !== missingLabel) setUnknown(text.trim());
        add(text);
      }
      // else: let the form submit (Enter runs the query).
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setOpen(false);
    } else if (e.key === 'Backspace' && text === '' && excluded.length) {
      removeExcluded(excluded[excluded.length - 1]!);
    } else if (e.key === 'Backspace' && text === '' && values.length) {
      remove(values[values.length - 1]!);
    }
  };

  const showList =
    open && (options.length > 0 || suggestions.isFetching || suggestions.isError || search !== '');
  return (
    <div className="field values-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="chips-input" onClick={() => inputRef.current?.focus()}>
        {values.map((v) => (
          <Chip
            key={`=${v}`}
            label={shown(v)}
            missing={v === MISSING_VALUE}
            excluded={false}
            onToggle={onToggle && (() => onToggle(v))}
            onRemove={() => remove(v)}
          />
        ))}
        {excluded.map((v) => (
          <Chip
            key={`≠${v}`}
            label={shown(v)}
            missing={v === MISSING_VALUE}
            excluded
            onToggle={onToggle && (() => onToggle(v))}
            onRemove={() => removeExcluded(v)}
          />
        ))}
        <input
          ref={inputRef}
          id={id}
          className="chips-text"
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList && highlighted >= 0 ? `${id}-opt-${highlighted}` : undefined}
          autoComplete="off"
          spellCheck={false}
          value={text}
          placeholder={values.length || excluded.length ? '' : (placeholder ?? 'Any')}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(-1);
            setUnknown(null);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            // A typed value counts even if the user clicks Run query without pressing Enter.
            if (text.trim()) add(text);
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      {showList && (
        <ul className={`suggestions${alignEnd ? ' suggestions-end' : ''}`} id={listId} role="listbox">
          {suggestions.isError && (
            <li className="suggestion-note">Suggestions unavailable: {suggestions.error.message}</li>
          )}
          {!suggestions.isError && options.length === 0 && (
            <li className="suggestion-note">
              {/* Only for what is in the box now: not for the search before the last keystroke. */}
              {suggestions.isFetching || search !== text
                ? 'Loading values…'
                : 'No matching values in this time range'}
            </li>
          )}
          {options.map((o, i) => (
            <li
              key={o.value}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === highlighted}
              className={`suggestion${i === highlighted ? ' active' : ''}`}
              // mousedown, not click: the input must not lose focus (and commit its text) first.
              onMouseDown={(e) => {
                e.preventDefault();
                add(o.value);
              }}
              // Only a pointer that moves highlights: a list that opens or scrolls under a resting
              // pointer would otherwise choose what Enter adds (the browser sends mouseover then).
              onMouseMove={(e) => {
                if ((e.movementX || e.movementY) && i !== active) setActive(i);
              }}
            >
              <span className="suggestion-value">{o.value}</span>
              <span className="suggestion-count">{o.count.toLocaleString()}</span>
            </li>
          ))}
        </ul>
      )}
      {unknown !== null && values.includes(unknown) && (
        <p className="field-hint values-unknown" role="status">
          No {label.toLowerCase()} “{unknown}” in this time range: kept as typed.
        </p>
      )}
    </div>
  );
}

/** Enter's choice while nothing is highlighted by hand: the exact value, else the first suggestion. */
export function defaultHighlight(options: readonly { value: string }[], typed: string): number {
  const t = typed.trim();
  if (!t || options.length === 0) return -1;
  const exact = options.findIndex((o) => o.value === t);
  return exact >= 0 ? exact : 0;
}

/** One chosen value: "value" (included) or "≠ value" (left out); the = / ≠ button flips it. */
function Chip({
  label,
  missing,
  excluded,
  onToggle,
  onRemove,
}: {
  label: string;
  missing: boolean;
  excluded: boolean;
  onToggle?: () => void;
  onRemove: () => void;
}) {
  const what = missing ? 'Errors without a value' : label;
  return (
    <span className={`chip${missing ? ' chip-missing' : ''}${excluded ? ' chip-excluded' : ''}`}>
      {onToggle && (
        <button
          type="button"
          className="chip-toggle"
          aria-label={excluded ? `Include ${label}` : `Exclude ${label}`}
          aria-pressed={excluded}
          title={
            excluded
              ? `Leaving ${label} out: click to keep only it instead`
              : `Keeping only ${label}: click to leave it out instead`
          }
          onClick={(e) => {
            e.stopPropagation();
            onToggle();
          }}
        >
          {excluded ? '≠' : '='}
        </button>
      )}
      <span className="chip-text" title={excluded ? `Not ${what}` : what}>
        {excluded && !onToggle ? `≠ ${label}` : label}
      </span>
      <button
        type="button"
        className="chip-remove"
        aria-label={`Remove ${excluded ? '≠ ' : ''}${label}`}
        title={`Remove ${excluded ? '≠ ' : ''}${label} from the filter`}
        onClick={onRemove}
      >
        <CloseIcon size={12} />
      </button>
    </span>
  );
}
