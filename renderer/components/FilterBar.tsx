import type { FormEvent, MouseEvent } from 'react';
import type { Source } from '../../shared/connection.ts';
import {
  clearedFilters,
  missingValueLabel,
  toggleExclusion,
  type FilterField,
  type Filters,
} from '../../shared/filters.ts';
import { CATEGORY_LABELS } from '../../shared/taxonomy.ts';
import { customRangeProblem } from '../lib/time-range-ui.ts';
import { FilterChips } from './FilterChips.tsx';
import { ChevronDownIcon, CloseIcon, PlayIcon, SparkIcon } from './Icons.tsx';
import { TimeRangeField } from './TimeRangeField.tsx';
import { ValuesField } from './ValuesField.tsx';

export const ROW_LIMITS = [100, 1_000, 10_000, 100_000] as const;

interface Props {
  source: Source;
  filters: Filters;
  onChange: (filters: Filters) => void;
  onRun: () => void;
  running: boolean;
  /** Cancels the running query on the server (shown while one runs). */
  onStop?: () => void;
  /** Why the query cannot run for a reason outside the form (e.g. no database URL yet). */
  blocked?: string | null;
  /** Text typed into a list field and not yet a chip (Run query takes it too). */
  onDraft?: (field: FilterField, text: string) => void;
  /** The full form shown under the one-line bar (issue 24 item 11); closed, the fields stay mounted but hidden. */
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * Run buttons keep the focus where it is: a blur would turn typed text into a chip, grow the form
 * and move the button from under the pointer before the click lands (issue 24 item 13).
 */
export const keepFocus = (e: MouseEvent) => e.preventDefault();

export function filtersProblem(filters: Filters): string | null {
  return filters.timeRange.kind === 'absolute'
    ? customRangeProblem(filters.timeRange.from, filters.timeRange.to)
    : null;
}

/**
 * DESIGN §6's filter form: one line (time range, the active filters as chips, Run query) with the
 * full form on demand, as Grafana Explore and Datadog keep the query to a line. Enter anywhere runs.
 */
export function FilterBar({
  source,
  filters,
  onChange,
  onRun,
  running,
  onStop,
  blocked = null,
  onDraft,
  open,
  onOpenChange,
}: Props) {
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => onChange({ ...filters, [key]: value });
  const problem = filtersProblem(filters) ?? blocked;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem) onRun();
  };
  const common = { source, timeRange: filters.timeRange };
  const list = (field: FilterField) => ({
    values: filters[field],
    onChange: (v: string[]) => set(field, v),
    excluded: filters.exclude[field],
    onExcludedChange: (v: string[]) => set('exclude', { ...filters.exclude, [field]: v }),
    onToggle: (v: string) => onChange(toggleExclusion(filters, field, v)),
    missingLabel: missingValueLabel(field),
    onDraft: onDraft && ((text: string) => onDraft(field, text)),
  });
  const cleared = clearedFilters(filters);
  const nothingToClear = JSON.stringify(cleared) === JSON.stringify(filters);

  return (
    <form
      className={`filter-bar card${open ? ' filter-bar-open' : ''}`}
      onSubmit={submit}
      aria-label="Filters"
    >
      <div className="filter-line">
        <TimeRangeField value={filters.timeRange} onChange={(v) => set('timeRange', v)} />
        {!open && <FilterChips filters={filters} onChange={onChange} onOpen={() => onOpenChange(true)} />}
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => {
            onOpenChange(true);
            setTimeout(() => document.querySelector<HTMLInputElement>('.ask-box input')?.focus(), 0);
          }}
          title="Ask in plain language: an LLM turns the question into filters (opens the full form)"
        >
          <SparkIcon size={14} />
          Ask…
        </button>
        <button
          type="button"
          className="btn filter-toggle"
          aria-expanded={open}
          aria-controls="filter-fields"
          onClick={() => onOpenChange(!open)}
          title={
            open
              ? 'Hide the full filter form (/ opens it)'
              : 'Show every filter and the plain-language question (/)'
          }
        >
          {open ? 'Hide filters' : 'All filters'}
          <ChevronDownIcon size={14} />
        </button>
        <div className="run-cell">
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => onChange(cleared)}
            disabled={nothingToClear}
            title="Clear all filters (the time range stays)"
          >
            Clear all
          </button>
          <button
            type="submit"
            className="btn btn-primary run-button"
            onMouseDown={keepFocus}
            disabled={problem !== null}
            title={problem ?? 'Run query (Enter, or Ctrl+Enter anywhere)'}
          >
            {running ? <span className="spinner" aria-hidden="true" /> : <PlayIcon size={14} />}
            Run query
          </button>
          {running && onStop && (
            <button
              type="button"
              className="btn"
              onClick={onStop}
              title="Stop the running query on the server"
            >
              Stop
            </button>
          )}
        </div>
      </div>
      <div id="filter-fields" className="filter-fields" hidden={!open}>
        <ValuesField label="Key alias" field="keyAlias" {...list('keyAliases')} {...common} />
        <ValuesField label="Model" field="model" {...list('models')} {...common} />
        <ValuesField label="Error type" field="errorType" {...list('errorTypes')} {...common} />
        <ValuesField
          label="Status code"
          field="statusCode"
          {...list('statusCodes')}
          placeholder="Any"
          alignEnd
          {...common}
        />
        <ValuesField label="Team alias" field="teamAlias" {...list('teamAliases')} alignEnd {...common} />
        {(filters.categories.length > 0 || (filters.exclude.categories?.length ?? 0) > 0) && (
          <div className="field cause-field">
            <span className="field-label">Cause</span>
            <div className="chips-input">
              {filters.categories.map((c) => (
                <span key={c} className="chip">
                  <span className="chip-text">{CATEGORY_LABELS[c]}</span>
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={`Remove cause ${CATEGORY_LABELS[c]}`}
                    onClick={() =>
                      set(
                        'categories',
                        filters.categories.filter((x) => x !== c),
                      )
                    }
                  >
                    <CloseIcon size={12} />
                  </button>
                </span>
              ))}
              {(filters.exclude.categories ?? []).map((c) => (
                <span key={`not-${c}`} className="chip chip-excluded">
                  <span className="chip-text">≠ {CATEGORY_LABELS[c]}</span>
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={`Remove cause exclusion ${CATEGORY_LABELS[c]}`}
                    onClick={() =>
                      set('exclude', {
                        ...filters.exclude,
                        categories: (filters.exclude.categories ?? []).filter((x) => x !== c),
                      })
                    }
                  >
                    <CloseIcon size={12} />
                  </button>
                </span>
              ))}
            </div>
          </div>
        )}
        {filters.sessionIds.length > 0 && (
          <div className="field session-field">
            <span className="field-label">Session</span>
            <div className="chips-input">
              {filters.sessionIds.map((id) => (
                <span key={id} className="chip">
                  <span className="chip-text mono" title={id}>
                    {id}
                  </span>
                  <button
                    type="button"
                    className="chip-remove"
                    aria-label={`Remove session ${id}`}
                    onClick={() =>
                      set(
                        'sessionIds',
                        filters.sessionIds.filter((x) => x !== id),
                      )
                    }
                  >
                    <CloseIcon size={12} />
                  </button>
                </span>
              ))}
            </div>
          </div>
        )}
        <div className="field text-field">
          <label className="field-label" htmlFor="filter-text">
            Message contains
          </label>
          <input
            id="filter-text"
            className="input"
            type="search"
            placeholder="e.g. quota"
            value={filters.text ?? ''}
            onChange={(e) => set('text', e.target.value || undefined)}
          />
        </div>
        <div className="field rows-field">
          <label className="field-label" htmlFor="filter-limit">
            Rows
          </label>
          <select
            id="filter-limit"
            className="select"
            value={filters.limit}
            onChange={(e) => set('limit', Number(e.target.value))}
          >
            {ROW_LIMITS.map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString()}
              </option>
            ))}
          </select>
        </div>
      </div>
    </form>
  );
}
