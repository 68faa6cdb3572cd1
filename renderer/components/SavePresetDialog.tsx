import { useState, type FormEvent } from 'react';
import type { Source } from '../../shared/connection.ts';
import type { Preset } from '../../shared/contract/presets.ts';
import type { AppError } from '../../shared/errors.ts';
import { filterWords, type Filters } from '../../shared/filters.ts';
import { useSavePreset } from '../hooks/use-presets.ts';
import { describeRange } from '../lib/time-range-ui.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorNotice } from './Feedback.tsx';

interface Props {
  source: Source;
  sourceLabel: string;
  filters: Filters;
  existing: Preset[];
  onClose: () => void;
  onSaved: (preset: Preset) => void;
}

/** Saves the current connection and filters under a name; a relative range is saved as relative. */
export function SavePresetDialog({ source, sourceLabel, filters, existing, onClose, onSaved }: Props) {
  const [name, setName] = useState('');
  const save = useSavePreset();
  const trimmed = name.trim();
  const clash = existing.find((p) => p.name.toLowerCase() === trimmed.toLowerCase());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!trimmed) return;
    save.mutate(
      { name: trimmed, source, filters, overwrite: clash !== undefined },
      { onSuccess: (preset) => onSaved(preset) },
    );
  };
  const listed = [
    ['Source', sourceLabel],
    ['Time range', describeRange(filters.timeRange)],
    ['Key aliases', filterWords(filters, 'keyAliases')],
    ['Models', filterWords(filters, 'models')],
    ['Error types', filterWords(filters, 'errorTypes')],
    ['Status codes', filterWords(filters, 'statusCodes')],
    ['Team aliases', filterWords(filters, 'teamAliases')],
    ['Sessions', filters.sessionIds.join(', ')],
    ['Message contains', filters.text ?? ''],
  ].filter(([, v]) => v);

  return (
    <Dialog
      title="Save preset"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="save-preset-form"
            className="btn btn-primary"
            disabled={!trimmed || save.isPending}
          >
            {clash ? 'Replace preset' : 'Save'}
          </button>
        </>
      }
    >
      <form id="save-preset-form" className="stack" onSubmit={submit}>
        <div className="field">
          <label className="field-label" htmlFor="preset-name">
            Preset name
          </label>
          <input
            id="preset-name"
            className="input"
            autoFocus
            maxLength={100}
            value={name}
            placeholder="e.g. Support bot 429s"
            onChange={(e) => setName(e.target.value)}
          />
          {clash && (
            <span className="field-hint">A preset named “{clash.name}” exists: saving replaces it.</span>
          )}
        </div>
        <dl className="preset-summary">
          {listed.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        {save.isError && (
          <ErrorNotice title="The preset was not saved" error={save.error as AppError} compact />
        )}
      </form>
    </Dialog>
  );
}
