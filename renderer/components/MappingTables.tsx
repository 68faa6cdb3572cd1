import { useId } from 'react';
import type { MappingDraft, MappingPartProps } from '../lib/mapping-form.ts';
import {
  newPriceDraft,
  PRICE_LABELS,
  PRICE_PARTS,
  priceColumnChoices,
  priceRequired,
  type PriceTableDraft,
} from '../lib/mapping-parts.ts';
import { ColumnSelect, TableSelect } from './ColumnSelect.tsx';

/**
 * The tables beside the calls that some figures read (DESIGN §9): the price table (LLMModelPrice) for
 * spend where no cost is recorded, and the roll-ups (LLMTokenUsage) for long ranges. Both may be left out.
 */
export function MappingTables({ draft, tables, columnsOf, fetch, problems, onChange }: MappingPartProps) {
  const id = useId();
  const set = (patch: Partial<MappingDraft>) => onChange({ ...draft, ...patch, builtIn: undefined });
  const price = draft.priceTable;
  const setPrice = (patch: Partial<PriceTableDraft>) => price && set({ priceTable: { ...price, ...patch } });
  // A new price table: its columns guessed from their names once read.
  const pickPriceTable = async (table: string) =>
    set({ priceTable: table ? newPriceDraft(table, await fetch(table)) : null });
  const priceColumns = price ? columnsOf(price.table) : [];
  return (
    <fieldset className="form-section">
      <legend>Price table and roll-ups</legend>
      <div className="form-grid form-grid-3">
        <TableSelect
          label="Price table"
          value={price?.table ?? ''}
          tables={tables}
          none="— none —"
          onChange={(t) => void pickPriceTable(t)}
          problem={problems['priceTable.table']}
        />
        <TableSelect
          label="Roll-up table"
          value={draft.rollupTable}
          tables={tables}
          none="— none —"
          onChange={(t) => set({ rollupTable: t })}
          problem={problems.rollups}
        />
      </div>
      <p className="field-hint mapping-legend">
        {price
          ? 'Prices apply only to calls with no recorded cost: the active row in force at the call’s time, in its currency.'
          : 'No price table: spend is the recorded cost column, else the app’s price table.'}{' '}
        Roll-ups (period, date + hour, call_count, failed_count per model and user) answer long ranges.
      </p>
      {price && (
        <div role="group" aria-label="Price table columns" className="form-grid form-grid-3">
          {PRICE_PARTS.map((part) => (
            <ColumnSelect
              key={part}
              label={PRICE_LABELS[part]}
              required={priceRequired(part)}
              value={price[part]}
              choices={priceColumnChoices(part, priceColumns)}
              onChange={(column) => setPrice({ [part]: column })}
              problem={problems[`priceTable.${part}`]}
            />
          ))}
          <div className="field">
            <label className="field-label" htmlFor={`${id}-per`}>
              Prices per
            </label>
            <select
              id={`${id}-per`}
              className="select"
              value={price.per}
              onChange={(e) => setPrice({ per: e.target.value as PriceTableDraft['per'] })}
            >
              <option value="1000">1K tokens</option>
              <option value="1000000">1M tokens</option>
            </select>
          </div>
        </div>
      )}
    </fieldset>
  );
}
