import type { Investigation } from '../../shared/investigation.ts';
import type { BreakdownField } from '../../shared/chart-shaping.ts';
import { BreakdownChart } from './BreakdownChart.tsx';
import { TimelineChart } from './TimelineChart.tsx';
import { useStableCallback } from '../hooks/use-stable-callback.ts';

/**
 * The timeline and the breakdowns. Each chart is memoised and gets callbacks that never change, so it
 * renders again only when its data does: a run's answer arrives in parts (rows, totals, patterns,
 * traffic), and re-drawing every chart for each part cost seconds of a busy machine's time.
 */
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
  const pick = useStableCallback(onPick);
  const zoom = useStableCallback(onZoom);
  const pickModel = useStableCallback((model: string) => onPick('model', model));
  return (
    <div className="charts">
      <TimelineChart investigation={investigation} onPickModel={pickModel} onZoom={zoom} />
      <div className="breakdowns">
        <BreakdownChart title="By model" field="model" investigation={investigation} onPick={pick} />
        <BreakdownChart title="By error type" field="errorType" investigation={investigation} onPick={pick} />
        <BreakdownChart title="By key alias" field="keyAlias" investigation={investigation} onPick={pick} />
        {!!investigation.byProvider?.length && (
          <BreakdownChart title="By provider" field="provider" investigation={investigation} onPick={pick} />
        )}
      </div>
    </div>
  );
}
