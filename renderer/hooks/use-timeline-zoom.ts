import { useState } from 'react';
import { bucketWindow } from '../lib/timeline-zoom.ts';

/** What recharts hands a chart-level mouse handler: the bucket under the pointer. */
interface ChartPointer {
  activeTooltipIndex?: unknown;
}

const indexOf = (state: ChartPointer | undefined): number | null => {
  const i = Number(state?.activeTooltipIndex);
  return state?.activeTooltipIndex === undefined || state.activeTooltipIndex === null || !Number.isInteger(i)
    ? null
    : i;
};

/**
 * Press, drag, release on the timeline: the buckets between press and release become the new time
 * range (a click is a one-bucket drag). `selection` is what to shade while the button is held.
 */
export function useTimelineZoom(
  buckets: readonly string[],
  bucketSeconds: number,
  range: { from: string; to: string },
  onZoom: (window: { from: string; to: string }) => void,
) {
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const onMouseDown = (state: ChartPointer) => {
    const i = indexOf(state);
    if (i !== null) setDrag({ start: i, end: i });
  };
  const onMouseMove = (state: ChartPointer) => {
    const i = indexOf(state);
    if (drag && i !== null && i !== drag.end) setDrag({ ...drag, end: i });
  };
  const onMouseUp = (state: ChartPointer) => {
    if (!drag) return;
    const end = indexOf(state) ?? drag.end;
    setDrag(null);
    const window = bucketWindow(buckets, drag.start, end, bucketSeconds, range);
    if (window) onZoom(window);
  };
  const onMouseLeave = () => setDrag(null);
  const selection =
    drag && buckets[drag.start] !== undefined && buckets[drag.end] !== undefined
      ? { x1: buckets[Math.min(drag.start, drag.end)]!, x2: buckets[Math.max(drag.start, drag.end)]! }
      : null;
  return {
    selection,
    dragging: drag !== null,
    handlers: { onMouseDown, onMouseMove, onMouseUp, onMouseLeave },
  };
}
