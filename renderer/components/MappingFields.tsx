import { useId } from 'react';
import {
  CALL_FIELDS,
  REQUIRED_FIELDS,
  type CallField,
  type SuccessRule,
  type TableColumn,
} from '../../shared/source-mapping.ts';
import {
  columnChoices,
  FIELD_LABELS,
  setColumn,
  successColumnChoices,
  type MappingDraft,
} from '../lib/mapping-form.ts';
import { ColumnSelect } from './ColumnSelect.tsx';

const SUCCESS_KINDS: { value: SuccessRule['kind']; label: string }[] = [
  { value: 'boolean', label: 'Boolean column' },
  { value: 'status', label: 'Status values' },
  { value: 'http', label: 'HTTP status range' },
];

interface Props {
  draft: MappingDraft;
  columns: readonly TableColumn[];
  problems: Record<string, string>;
  onChange: (draft: MappingDraft) => void;
}

/** One column per call field (DESIGN §9), and what success means. */
export function MappingFields({ draft, columns, problems, onChange }: Props) {
  const set = (patch: Partial<MappingDraft>) => onChange({ ...draft, ...patch, builtIn: undefined });
  const ids = useId();
  return (
    <>
      <fieldset className="form-section mapping-fields">
        <legend>Columns of each call field</legend>
        <p className="field-hint mapping-legend">
          ★ suggested by its name and type; columns of a type the field accepts are listed first.
        </p>
        <div className="form-grid form-grid-3">
          {CALL_FIELDS.map((field: CallField) => (
            <ColumnSelect
              key={field}
              label={FIELD_LABELS[field]}
              required={REQUIRED_FIELDS.includes(field)}
              value={draft.columns[field] ?? ''}
              choices={columnChoices(field, columns)}
              onChange={(column) => onChange(setColumn(draft, field, column))}
              problem={problems[field]}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>What success means</legend>
        <div className="segmented" role="radiogroup" aria-label="How a call says it succeeded">
          {SUCCESS_KINDS.map((k) => (
            <label key={k.value} className={`segment${draft.successKind === k.value ? ' on' : ''}`}>
              <input
                type="radio"
                name={`${ids}-success`}
                value={k.value}
                checked={draft.successKind === k.value}
                onChange={() => set({ successKind: k.value })}
              />
              {k.label}
            </label>
          ))}
        </div>
        <div className="form-grid form-grid-3 success-grid">
          <ColumnSelect
            label="Success column"
            required
            value={draft.successColumn}
            choices={successColumnChoices(draft.successKind, columns)}
            onChange={(column) => set({ successColumn: column })}
            problem={problems.success}
          />
          {draft.successKind === 'boolean' && (
            <p className="field-hint success-note">A false value is a failure.</p>
          )}
          {draft.successKind === 'status' && (
            <div className="field">
              <label className="field-label" htmlFor={`${ids}-values`}>
                Values that mean success
              </label>
              <input
                id={`${ids}-values`}
                className="input"
                value={draft.successValues}
                placeholder="success, ok"
                onChange={(e) => set({ successValues: e.target.value })}
              />
              <span className="field-hint">Comma separated; any other value is a failure.</span>
            </div>
          )}
          {draft.successKind === 'http' && (
            <>
              <div className="field">
                <label className="field-label" htmlFor={`${ids}-min`}>
                  Success from
                </label>
                <input
                  id={`${ids}-min`}
                  className="input"
                  inputMode="numeric"
                  value={draft.httpMin}
                  onChange={(e) => set({ httpMin: e.target.value })}
                />
              </div>
              <div className="field">
                <label className="field-label" htmlFor={`${ids}-max`}>
                  Success to
                </label>
                <input
                  id={`${ids}-max`}
                  className="input"
                  inputMode="numeric"
                  value={draft.httpMax}
                  onChange={(e) => set({ httpMax: e.target.value })}
                />
              </div>
            </>
          )}
        </div>
      </fieldset>
    </>
  );
}
