import { useId, useState } from 'react';
import { CALL_FIELDS, expectedKinds, type CallField } from '../../shared/source-mapping.ts';
import { FIELD_LABELS, type MappingPartProps } from '../lib/mapping-form.ts';
import {
  guessLookupTable,
  lookupKeyChoices,
  lookupShownChoices,
  newLookup,
  type LookupDraft,
} from '../lib/mapping-parts.ts';
import { ColumnSelect, TableSelect } from './ColumnSelect.tsx';

/** Fields that can show a name instead of a key: text fields other than time and metadata. */
const NAMED = CALL_FIELDS.filter(
  (f) => f !== 'time' && f !== 'metadata' && expectedKinds(f).includes('text'),
);

/**
 * Names from lookup tables: a field whose column holds a key (`provider_id`, `user_id`) shows a column
 * of the row it points to (`providers.name`, `auth_user.username`).
 */
export function MappingLookups({ draft, tables, columnsOf, fetch, problems, onChange }: MappingPartProps) {
  const id = useId();
  const setLookup = (field: CallField, lookup: LookupDraft | null) => {
    const lookups = { ...draft.lookups };
    if (lookup) lookups[field] = lookup;
    else delete lookups[field];
    onChange({ ...draft, lookups, builtIn: undefined });
  };
  // A new table: its key and shown columns guessed from its columns.
  const pickTable = async (field: CallField, table: string) =>
    setLookup(
      field,
      table ? newLookup(field, table, await fetch(table)) : { table: '', key: '', column: '' },
    );
  const addable = NAMED.filter((f) => draft.columns[f] && !draft.lookups[f]);
  // Chosen, then added by the button: a closed select changes on arrow keys, which must not add lookups.
  const [adding, setAdding] = useState<CallField | ''>('');
  const toAdd = adding && addable.includes(adding) ? adding : '';
  const entries = Object.entries(draft.lookups) as [CallField, LookupDraft][];
  return (
    <fieldset className="form-section">
      <legend>Names from lookup tables</legend>
      <p className="field-hint mapping-legend">
        A field whose column holds an id (provider_id, user_id) can show a column of the row it points to.
      </p>
      {entries.map(([field, lookup]) => {
        const columns = columnsOf(lookup.table);
        const label = FIELD_LABELS[field];
        return (
          <div key={field} role="group" aria-label={`${label} lookup`} className="lookup-row">
            <p className="lookup-from">
              <strong>{label}</strong>: <code>{draft.columns[field] ?? 'no column'}</code> matched in
            </p>
            <div className="form-grid form-grid-3">
              <TableSelect
                label="Lookup table"
                value={lookup.table}
                tables={tables}
                none="— pick a table —"
                onChange={(t) => void pickTable(field, t)}
                problem={problems[`lookups.${field}.table`]}
              />
              <ColumnSelect
                label="Matched on column"
                value={lookup.key}
                choices={lookupKeyChoices(columns)}
                onChange={(key) => setLookup(field, { ...lookup, key })}
                problem={problems[`lookups.${field}.key`]}
              />
              <ColumnSelect
                label="Shown column"
                value={lookup.column}
                choices={lookupShownChoices(field, columns)}
                onChange={(column) => setLookup(field, { ...lookup, column })}
                problem={problems[`lookups.${field}.column`]}
              />
            </div>
            <button
              type="button"
              className="btn btn-sm btn-ghost"
              aria-label={`Remove the ${label} lookup`}
              onClick={() => setLookup(field, null)}
            >
              Remove
            </button>
          </div>
        );
      })}
      {addable.length > 0 && (
        <div className="lookup-add">
          <div className="field">
            <label className="field-label" htmlFor={`${id}-add`}>
              Add a lookup for
            </label>
            <select
              id={`${id}-add`}
              className="select"
              value={toAdd}
              onChange={(e) => setAdding(e.target.value as CallField | '')}
            >
              <option value="">— a mapped field —</option>
              {addable.map((f) => (
                <option key={f} value={f}>
                  {FIELD_LABELS[f]} ({draft.columns[f]})
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="btn"
            disabled={!toAdd}
            onClick={() => {
              if (!toAdd) return;
              setAdding('');
              void pickTable(toAdd, guessLookupTable(draft.columns[toAdd]!, tables));
            }}
          >
            Add lookup
          </button>
        </div>
      )}
    </fieldset>
  );
}
