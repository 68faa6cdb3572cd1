import { useId } from 'react';
import type { TimeRange } from '../../shared/time-range.ts';
import { displayZone } from '../lib/display-zone.ts';
import {
  absoluteFrom,
  customRangeProblem,
  fromLocalInput,
  QUICK_RANGES,
  toLocalInput,
} from '../lib/time-range-ui.ts';

const CUSTOM = 'custom';

function utcOffsetLabel(): string {
  const minutes = -new Date().getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Quick ranges stay relative (re-evaluated at each run); a custom range is typed in local time and sent as UTC. */
export function TimeRangeField({
  value,
  onChange,
}: {
  value: TimeRange;
  onChange: (range: TimeRange) => void;
}) {
  const id = useId();
  const selected = value.kind === 'relative' ? value.last : CUSTOM;
  const problem = value.kind === 'absolute' ? customRangeProblem(value.from, value.to) : null;
  const quick = QUICK_RANGES.some((q) => q.last === selected);

  return (
    <div className="field time-range-field">
      {/* "Last 24 hours" says what it is: the label is for screen readers and tests, off the one-line bar. */}
      <label className="sr-only" htmlFor={id}>
        Time range
      </label>
      <select
        id={id}
        className="select"
        value={selected}
        onChange={(e) => {
          if (e.target.value === CUSTOM) onChange({ kind: 'absolute', ...absoluteFrom(value, Date.now()) });
          else onChange({ kind: 'relative', last: e.target.value });
        }}
      >
        {QUICK_RANGES.map((q) => (
          <option key={q.last} value={q.last}>
            {q.label}
          </option>
        ))}
        {!quick && selected !== CUSTOM && <option value={selected}>Last {selected}</option>}
        <option value={CUSTOM}>Custom range…</option>
      </select>
      {value.kind === 'absolute' && (
        <div className="custom-range">
          <label className="inline-field">
            <span>From</span>
            <input
              type="datetime-local"
              className="input"
              value={toLocalInput(value.from)}
              onChange={(e) => onChange({ ...value, from: fromLocalInput(e.target.value) ?? '' })}
            />
          </label>
          <label className="inline-field">
            <span>To</span>
            <input
              type="datetime-local"
              className="input"
              value={toLocalInput(value.to)}
              onChange={(e) => onChange({ ...value, to: fromLocalInput(e.target.value) ?? '' })}
            />
          </label>
          <span className={problem ? 'field-error' : 'field-hint'}>
            {problem ?? (displayZone() === 'utc' ? 'UTC' : `Local time (${utcOffsetLabel()})`)}
          </span>
        </div>
      )}
    </div>
  );
}
