import { useEffect, useRef, useState } from 'react';
import type { Preset } from '../../shared/contract/presets.ts';
import { FILTER_FIELDS, filterWords } from '../../shared/filters.ts';
import type { AppError } from '../../shared/errors.ts';
import { usePresets } from '../hooks/use-presets.ts';
import { describeRange } from '../lib/time-range-ui.ts';
import { ErrorNotice, Spinner } from './Feedback.tsx';
import { BookmarkIcon, ChevronDownIcon } from './Icons.tsx';
import { PresetItem } from './PresetItem.tsx';

export function presetSummary(p: Preset): string {
  const f = p.filters;
  const lists = FILTER_FIELDS.map((field) => filterWords(f, field)).filter(Boolean);
  const parts = [describeRange(f.timeRange), ...lists, ...f.sessionIds.map((v) => `session ${v}`)];
  if (f.text) parts.push(`“${f.text}”`);
  return parts.join(' · ');
}

/** The saved presets: apply one (source + filters, then run), rename or delete it. */
export function PresetsMenu({ onApply }: { onApply: (preset: Preset) => void }) {
  const [open, setOpen] = useState(false);
  const presets = usePresets();
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const list = presets.data ?? [];
  return (
    <div className="popover-root" ref={rootRef}>
      <button
        type="button"
        className="btn"
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen(!open)}
        title="Presets: apply, rename or delete saved filters"
      >
        <BookmarkIcon size={14} />
        <span className="btn-label btn-label-keep">Presets</span>
        {list.length > 0 && <span className="count-badge">{list.length}</span>}
        <ChevronDownIcon size={14} />
      </button>
      {open && (
        <div className="popover presets-popover" role="dialog" aria-label="Saved presets">
          {presets.isPending && <Spinner label="Loading presets…" />}
          {presets.isError && (
            <ErrorNotice title="Presets unavailable" error={presets.error as AppError} compact />
          )}
          {presets.isSuccess && list.length === 0 && (
            <p className="popover-empty">
              No presets yet. Set up filters, then use Save preset to keep them.
            </p>
          )}
          {list.length > 0 && (
            <ul className="preset-list">
              {list.map((p) => (
                <PresetItem
                  key={p.name}
                  preset={p}
                  summary={presetSummary(p)}
                  onApply={() => {
                    setOpen(false);
                    onApply(p);
                  }}
                />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
