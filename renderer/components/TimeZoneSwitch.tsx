import { memo } from 'react';
import { useTimeZoneChoice } from '../hooks/use-display-settings.ts';
import { localTimeZoneName, zoneLabel } from '../lib/display-zone.ts';

/** UTC or local times, for every time in the window, the report and the analysis. */
export const TimeZoneSwitch = memo(function TimeZoneSwitch() {
  const { zone, choose } = useTimeZoneChoice();
  const local = localTimeZoneName();
  return (
    <div className="segmented zone-switch" role="radiogroup" aria-label="Time zone">
      <button
        type="button"
        role="radio"
        aria-checked={zone === 'utc'}
        className={`segment${zone === 'utc' ? ' on' : ''}`}
        title="Show times in UTC, the gateway's clock"
        onClick={() => choose('utc')}
      >
        UTC
      </button>
      <button
        type="button"
        role="radio"
        aria-checked={zone === 'local'}
        className={`segment${zone === 'local' ? ' on' : ''}`}
        title={`Show times in your zone${local ? `, ${local} (${zoneLabel()})` : ''}`}
        onClick={() => choose('local')}
      >
        Local
      </button>
    </div>
  );
});
