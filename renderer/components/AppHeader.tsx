import type { ReactNode } from 'react';
import type { Source } from '../../shared/connection.ts';
import { LogoMark } from './Icons.tsx';
import { SourcePicker, type SourceOption } from './SourcePicker.tsx';
import { TimeZoneSwitch } from './TimeZoneSwitch.tsx';

interface Props {
  source: Source;
  profiles: SourceOption[];
  onSourceChange: (source: Source) => void;
  /** Enter in the Database URL box. */
  onSourceSubmit?: () => void;
  /** Why the source cannot be queried yet, shown by the URL box. */
  sourceHint?: string | null;
  /** Connection management, next to the source. */
  sourceActions?: ReactNode;
  /** Presets, analysis, export: on the right. */
  actions: ReactNode;
}

export function AppHeader({
  source,
  profiles,
  onSourceChange,
  onSourceSubmit,
  sourceHint = null,
  sourceActions,
  actions,
}: Props) {
  return (
    <header className="app-header">
      <div className="brand">
        <LogoMark />
        <span className="brand-name">Logdesk</span>
      </div>
      <div className="header-source">
        <SourcePicker
          source={source}
          profiles={profiles}
          onChange={onSourceChange}
          hint={sourceHint}
          onSubmit={onSourceSubmit}
        />
        {sourceActions}
      </div>
      <div className="header-actions">
        <TimeZoneSwitch />
        {actions}
      </div>
    </header>
  );
}
