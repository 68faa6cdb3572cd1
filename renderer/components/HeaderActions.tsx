import type { Preset } from '../../shared/contract/presets.ts';
import { BookmarkPlusIcon, DownloadIcon, GearIcon, SparkIcon } from './Icons.tsx';
import { PresetsMenu } from './PresetsMenu.tsx';

interface Props {
  onApplyPreset: (preset: Preset) => void;
  /** Why the form cannot be saved as a preset (a bad range, no URL), or null. */
  problem: string | null;
  onSavePreset: () => void;
  /** Results on screen: Analyze and Export work on them. */
  hasResult: boolean;
  analyzing: boolean;
  onAnalyze: () => void;
  onExport: () => void;
  onShortcuts: () => void;
  onLlmSettings: () => void;
}

/** The header's right side: presets, analysis, export, shortcuts and LLM settings. */
export function HeaderActions({
  onApplyPreset,
  problem,
  onSavePreset,
  hasResult,
  analyzing,
  onAnalyze,
  onExport,
  onShortcuts,
  onLlmSettings,
}: Props) {
  return (
    <>
      <PresetsMenu onApply={onApplyPreset} />
      <button
        type="button"
        className="btn"
        onClick={onSavePreset}
        disabled={problem !== null}
        title="Save preset: this source and these filters, to apply again later"
      >
        <BookmarkPlusIcon size={14} />
        <span className="btn-label btn-label-secondary">Save preset</span>
      </button>
      <span className="header-divider" aria-hidden="true" />
      <button
        type="button"
        className="btn"
        disabled={!hasResult || analyzing}
        title={
          hasResult
            ? 'Analyze: explain these errors (LLM, or an offline summary)'
            : 'Analyze: run a query first'
        }
        onClick={onAnalyze}
      >
        <SparkIcon size={14} />
        <span className="btn-label btn-label-keep">Analyze</span>
      </button>
      <button
        type="button"
        className="btn btn-primary"
        disabled={!hasResult}
        title={hasResult ? 'Write an HTML/CSV/JSON report of these results' : 'Run a query first'}
        onClick={onExport}
      >
        <DownloadIcon size={14} />
        Export<span className="btn-label"> report</span>
      </button>
      <button
        type="button"
        className="btn btn-ghost icon-btn"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={onShortcuts}
      >
        ?
      </button>
      <button
        type="button"
        className="btn btn-ghost icon-btn"
        aria-label="LLM settings"
        title="LLM settings"
        onClick={onLlmSettings}
      >
        <GearIcon size={16} />
      </button>
    </>
  );
}
