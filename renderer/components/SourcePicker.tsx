import { useEffect, useState } from 'react';
import type { Source } from '../../shared/connection.ts';
import { sourceKey } from '../lib/source-label.ts';
import { DatabaseIcon } from './Icons.tsx';

export interface SourceOption {
  source: Source;
  label: string;
  detail?: string;
}

interface Props {
  source: Source;
  profiles: SourceOption[];
  onChange: (source: Source) => void;
  hint?: string | null;
  /** Enter in the URL box: run the query, as Enter in the filters does. */
  onSubmit?: () => void;
}

/** Where the query reads from: the demo (always there), a saved connection, or a postgres://, mysql:// or sqlite:/// URL. */
export function SourcePicker({ source, profiles, onChange, hint = null, onSubmit }: Props) {
  const [url, setUrl] = useState(source.kind === 'url' ? source.url : '');
  useEffect(() => {
    if (source.kind === 'url') setUrl(source.url);
  }, [source]);

  return (
    <div className="source-picker">
      <DatabaseIcon size={16} className="source-icon" />
      <label className="sr-only" htmlFor="source-select">
        Source
      </label>
      <select
        id="source-select"
        className="select source-select"
        value={sourceKey(source)}
        onChange={(e) => {
          const key = e.target.value;
          if (key === 'demo') onChange({ kind: 'demo' });
          else if (key === 'url') onChange({ kind: 'url', url });
          else onChange(profiles.find((p) => sourceKey(p.source) === key)?.source ?? { kind: 'demo' });
        }}
      >
        <option value="demo">Demo database</option>
        {profiles.length > 0 && (
          <optgroup label="Connections">
            {profiles.map((p) => (
              <option key={sourceKey(p.source)} value={sourceKey(p.source)} title={p.detail}>
                {p.label}
              </option>
            ))}
          </optgroup>
        )}
        <option value="url">Database URL…</option>
      </select>
      {source.kind === 'url' && (
        <span className="source-url-cell">
          <label className="sr-only" htmlFor="source-url">
            Database URL
          </label>
          <input
            id="source-url"
            className="input source-url mono"
            type="text"
            spellCheck={false}
            autoComplete="off"
            placeholder="postgres://…, mysql://… or sqlite:///path/calls.db"
            value={url}
            aria-describedby={hint ? 'source-url-hint' : undefined}
            onChange={(e) => {
              setUrl(e.target.value);
              onChange({ kind: 'url', url: e.target.value });
            }}
            onKeyDown={(e) => {
              if (e.key !== 'Enter' || !onSubmit) return;
              e.preventDefault();
              onSubmit();
            }}
          />
          {hint && (
            <span id="source-url-hint" className="source-url-hint" role="note">
              {hint}
            </span>
          )}
        </span>
      )}
    </div>
  );
}
