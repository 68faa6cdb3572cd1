import { useId, type ReactNode } from 'react';

/** A labelled input with its problem message underneath (aria-invalid + aria-describedby). */
export function TextInput({
  label,
  value,
  onChange,
  problem,
  hint,
  type = 'text',
  placeholder,
  mono = false,
  disabled = false,
  autoFocus = false,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  problem?: string | undefined;
  hint?: ReactNode;
  type?: 'text' | 'password' | 'number';
  placeholder?: string;
  mono?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const id = useId();
  const note = `${id}-note`;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className={`input${mono ? ' mono' : ''}`}
        type={type}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        autoFocus={autoFocus}
        spellCheck={false}
        autoComplete={type === 'password' ? 'new-password' : 'off'}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem || hint ? note : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {problem ? (
        <span id={note} className="field-error">
          {problem}
        </span>
      ) : (
        hint && (
          <span id={note} className="field-hint">
            {hint}
          </span>
        )
      )}
    </div>
  );
}

export function SelectInput<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
