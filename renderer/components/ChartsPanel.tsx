import type { Investigation } from '../../shared/investigation.ts';
import type { BreakdownField } from '../../shared/chart-shaping.ts';
import { BreakdownChart } from './BreakdownChart.tsx';
import { TimelineChart } from './TimelineChart.tsx';

export function ChartsPanel({
  investigation,
  onPick,
  onZoom,
}: {
  investigation: Investigation;
  onPick: (field: BreakdownField, value: string) => void;
  /** A time window picked on the timeline, to become the time range. */
  onZoom: (window: { from: string; to: string }) => void;
}) {
  return (
    <div className="charts">
      <TimelineChart investigation={investigation} onPickModel={(m) => onPick('model', m)} onZoom={onZoom} />
      <div className="breakdowns">
        <BreakdownChart title="By model" field="model" investigation={investigation} onPick={onPick} />
        <BreakdownChart
          title="By error type"
          field="errorType"
          investigation={investigation}
          onPick={onPick}
        />
        <BreakdownChart title="By key alias" field="keyAlias" investigation={investigation} onPick={onPick} />
        {!!investigation.byProvider?.length && (
          <BreakdownChart title="By provider" field="provider" investigation={investigation} onPick={onPick} />
        )}
      </div>
    </div>
  );
}
