import { useId } from 'react';
import type { MappingTarget } from '../../shared/contract/sources.ts';
import type { AppError } from '../../shared/errors.ts';
import { useDescribeSource, type MappingEditor } from '../hooks/use-mapping-editor.ts';
import { draftFromMapping, relatedTables, tableChoices } from '../lib/mapping-form.ts';
import type { Dialect } from '../../shared/source-mapping.ts';
import { ErrorNotice, Spinner } from './Feedback.tsx';
import { useTableColumns } from '../hooks/use-table-columns.ts';
import { MappingFields } from './MappingFields.tsx';
import { MappingLookups } from './MappingLookups.tsx';
import { MappingPreview } from './MappingPreview.tsx';
import { MappingTables } from './MappingTables.tsx';
import { TableSample } from './TableSample.tsx';

const RANGES = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '365d', label: 'Last year' },
];

/**
 * The table of LLM calls and its mapping onto the call model (DESIGN §9): pick a table (built-in
 * shapes first), see its columns and rows, map the fields, preview the first result.
 */
export function MappingForm({
  editor,
  engine,
  target,
}: {
  editor: MappingEditor;
  engine: Dialect;
  /** The database as the form describes it now; null (with the form's problems shown) when it is incomplete. */
  target: () => MappingTarget | null;
}) {
  const id = useId();
  const listing = useDescribeSource();
  const shape = useDescribeSource();
  const { table, draft, problems, preview } = editor;
  const related = useTableColumns(target, draft ? relatedTables(draft) : []);

  const loadShape = (source: MappingTarget, name: string, replaceDraft: boolean) =>
    shape.mutate(
      { source, table: name },
      {
        onSuccess: (d) => {
          if (replaceDraft || !editor.draft)
            editor.setDraft(draftFromMapping(d.suggested ?? { table: name, columns: {} }));
        },
      },
    );
  const loadTables = () => {
    const source = target();
    if (!source) return;
    listing.mutate({ source }, { onSuccess: () => table && loadShape(source, table, false) });
  };
  const pickTable = (name: string) => {
    editor.setTable(name);
    editor.setDraft(null);
    shape.reset();
    const source = target();
    if (name && source) loadShape(source, name, true);
  };
  const runPreview = () => {
    const source = target();
    if (source) void editor.checked(source).catch(() => undefined);
  };

  const tables = listing.data ? tableChoices(listing.data.tables, listing.data.builtIn) : [];
  const detected = tables.filter((t) => t.builtIn);
  const others = tables.filter((t) => !t.builtIn);
  const columns = shape.data?.shape?.columns ?? [];
  const allTables = listing.data?.tables ?? [];
  const suggestedBuiltIn = shape.data?.suggested?.builtIn;

  return (
    <fieldset className="form-section mapping-form">
      <legend>Table of LLM calls</legend>
      <div className="mapping-table-row">
        {listing.data ? (
          <div className="field">
            <label className="field-label" htmlFor={`${id}-table`}>
              Table
            </label>
            <select
              id={`${id}-table`}
              className="select"
              value={table}
              aria-invalid={problems.table ? true : undefined}
              aria-describedby={problems.table ? `${id}-table-problem` : undefined}
              onChange={(e) => pickTable(e.target.value)}
            >
              <option value="">
                {engine === 'postgres' ? 'LiteLLM proxy tables (no mapping)' : '— pick a table —'}
              </option>
              {table && !listing.data.tables.includes(table) && (
                <option value={table}>{table} (not found)</option>
              )}
              {detected.length > 0 && (
                <optgroup label="Detected shapes">
                  {detected.map((t) => (
                    <option key={t.value} value={t.value}>
                      {t.label}
                    </option>
                  ))}
                </optgroup>
              )}
              <optgroup label="Other tables">
                {others.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </optgroup>
            </select>
            {problems.table && (
              <span id={`${id}-table-problem`} className="field-error">
                {problems.table}
              </span>
            )}
          </div>
        ) : (
          <p className="field-hint">
            {table
              ? `Mapped table: ${table}. `
              : engine === 'postgres'
                ? 'Reads the LiteLLM proxy’s tables. '
                : ''}
            Load the database’s tables to pick or map another table of LLM calls.
          </p>
        )}
        <button type="button" className="btn" onClick={loadTables} disabled={listing.isPending}>
          {listing.data ? 'Reload tables' : 'Load tables'}
        </button>
      </div>
      {listing.isPending && <Spinner label="Reading the tables…" />}
      {listing.isError && <ErrorNotice title="Tables not read" error={listing.error as AppError} compact />}
      {shape.isPending && <Spinner label="Reading the table…" />}
      {shape.isError && <ErrorNotice title="Table not read" error={shape.error as AppError} compact />}
      {shape.data?.shape && (
        <>
          {suggestedBuiltIn && (
            <p className="mapping-note" role="note">
              Built-in mapping <strong>{suggestedBuiltIn}</strong> suggested for this table: check it and
              change any field.
            </p>
          )}
          <TableSample shape={shape.data.shape} />
        </>
      )}
      {draft && shape.data?.shape && (
        <>
          <MappingFields draft={draft} columns={columns} problems={problems} onChange={editor.setDraft} />
          <MappingLookups
            draft={draft}
            tables={allTables}
            columnsOf={related.columnsOf}
            fetch={related.fetch}
            problems={problems}
            onChange={editor.setDraft}
          />
          <MappingTables
            draft={draft}
            tables={allTables}
            columnsOf={related.columnsOf}
            fetch={related.fetch}
            problems={problems}
            onChange={editor.setDraft}
          />
          <div className="mapping-preview-row">
            <div className="field">
              <label className="field-label" htmlFor={`${id}-range`}>
                Preview range
              </label>
              <select
                id={`${id}-range`}
                className="select"
                value={editor.range.kind === 'relative' ? editor.range.last : '7d'}
                onChange={(e) => editor.setRange({ kind: 'relative', last: e.target.value })}
              >
                {RANGES.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" className="btn" onClick={runPreview} disabled={preview.isPending}>
              Preview
            </button>
            {preview.isPending && <Spinner label="Reading the first result…" />}
          </div>
          {Object.keys(problems).length > 0 && (
            <p className="field-error" role="alert">
              The mapping does not fit the table:{' '}
              {Object.keys(problems).length === 1 ? 'see the field marked' : 'see the fields marked'} above.
            </p>
          )}
          {preview.isError && <ErrorNotice title="No preview" error={preview.error as AppError} compact />}
          {preview.data && preview.data.problems.length === 0 && <MappingPreview result={preview.data} />}
        </>
      )}
    </fieldset>
  );
}
