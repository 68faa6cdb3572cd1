import { useId } from 'react';
import type { ColumnChoice } from '../lib/column-choices.ts';

/** A column picker: fitting columns first (the suggested one marked), other types apart; its problem underneath. */
export function ColumnSelect({
  label,
  value,
  choices,
  onChange,
  problem,
  required = false,
}: {
  label: string;
  value: string;
  choices: ColumnChoice[];
  onChange: (column: string) => void;
  problem?: string | undefined;
  required?: boolean;
}) {
  const id = useId();
  const fitting = choices.filter((c) => c.fits);
  const others = choices.filter((c) => !c.fits);
  // A saved column the table no longer has stays selectable, so its problem can be seen and fixed.
  const unknown = value && !choices.some((c) => c.value === value) ? value : null;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
        {required && <span className="required-mark"> (required)</span>}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">— not mapped —</option>
        {unknown && <option value={unknown}>{unknown} (not in this table)</option>}
        <optgroup label="Matching type">
          {fitting.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
              {c.suggested ? ' ★' : ''}
            </option>
          ))}
        </optgroup>
        {others.length > 0 && (
          <optgroup label="Other types">
            {others.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      {problem && (
        <span id={`${id}-problem`} className="field-error">
          {problem}
        </span>
      )}
    </div>
  );
}

/** A table picker for a part beside the call table (lookup, price, roll-ups): `none` first when it may be left out. */
export function TableSelect({
  label,
  value,
  tables,
  none,
  onChange,
  problem,
}: {
  label: string;
  value: string;
  tables: readonly string[];
  none: string;
  onChange: (table: string) => void;
  problem?: string | undefined;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        className="select"
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{none}</option>
        {value && !tables.includes(value) && <option value={value}>{value} (not found)</option>}
        {tables.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      {problem && (
        <span id={`${id}-problem`} className="field-error">
          {problem}
        </span>
      )}
    </div>
  );
}
