import { useState } from 'react';
import type { Preset } from '../../shared/contract/presets.ts';
import type { AppError } from '../../shared/errors.ts';
import { useRemovePreset, useRenamePreset } from '../hooks/use-presets.ts';
import { ErrorNotice } from './Feedback.tsx';
import { PencilIcon, TrashIcon } from './Icons.tsx';

export function PresetItem({
  preset,
  summary,
  onApply,
}: {
  preset: Preset;
  summary: string;
  onApply: () => void;
}) {
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view');
  const [name, setName] = useState(preset.name);
  const rename = useRenamePreset();
  const remove = useRemovePreset();
  const error = (rename.error ?? remove.error) as AppError | null;

  if (mode === 'rename') {
    return (
      <li className="preset-item editing">
        <form
          className="preset-rename"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim() && name.trim() !== preset.name) {
              rename.mutate({ from: preset.name, to: name.trim() }, { onSuccess: () => setMode('view') });
            } else setMode('view');
          }}
        >
          <input
            className="input"
            aria-label={`New name for ${preset.name}`}
            autoFocus
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                setName(preset.name);
                setMode('view');
              }
            }}
          />
          <button type="submit" className="btn btn-primary btn-sm" disabled={rename.isPending}>
            Rename
          </button>
        </form>
        {error && <ErrorNotice title="Not renamed" error={error} compact />}
      </li>
    );
  }

  return (
    <li className="preset-item">
      <button type="button" className="preset-apply" onClick={onApply} title={`Apply ${preset.name}`}>
        <span className="preset-name">{preset.name}</span>
        <span className="preset-desc">{summary}</span>
      </button>
      {mode === 'delete' ? (
        <div className="preset-confirm">
          <span>Delete?</span>
          <button
            type="button"
            className="btn btn-sm btn-danger"
            onClick={() => remove.mutate({ name: preset.name })}
            disabled={remove.isPending}
          >
            Delete
          </button>
          <button type="button" className="btn btn-sm" onClick={() => setMode('view')}>
            Keep
          </button>
        </div>
      ) : (
        <div className="preset-actions">
          <button
            type="button"
            className="btn btn-ghost icon-btn"
            aria-label={`Rename preset ${preset.name}`}
            onClick={() => setMode('rename')}
          >
            <PencilIcon size={14} />
          </button>
          <button
            type="button"
            className="btn btn-ghost icon-btn"
            aria-label={`Delete preset ${preset.name}`}
            onClick={() => setMode('delete')}
          >
            <TrashIcon size={14} />
          </button>
        </div>
      )}
      {error && <ErrorNotice title="Preset not changed" error={error} compact />}
    </li>
  );
}
