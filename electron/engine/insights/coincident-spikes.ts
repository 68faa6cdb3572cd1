import type { SpikeCompanion, SpikeContext, SpikeDimension } from '../../../shared/analysis.ts';
import type { RawSpike } from './spikes.ts';

/** A spike with what its window's errors have in common, before it is folded and summarised. */
export interface SpikeWithContext extends RawSpike {
  context: SpikeContext;
}

/** A lead spike and the spikes of other dimensions that are the same errors. */
export interface FoldedSpike extends SpikeWithContext {
  together: SpikeCompanion[];
}

/** Share of a window's errors a value must hold, both ways, for two spikes to be one incident. */
const DOMINANT_SHARE = 0.5;

const CONTEXT_OF: Record<SpikeDimension, keyof Omit<SpikeContext, 'deployments'>> = {
  model: 'models',
  keyAlias: 'keyAliases',
  errorType: 'errorTypes',
};

/** Does `value` carry at least half of the spike's errors in `dimension`? */
function dominates(spike: SpikeWithContext, dimension: SpikeDimension, value: string | null): boolean {
  const top = spike.context[CONTEXT_OF[dimension]][0];
  return top !== undefined && top.value === value && top.count >= DOMINANT_SHARE * spike.count;
}

const overlaps = (a: RawSpike, b: RawSpike) => a.from < b.to && b.from < a.to;

/**
 * One incident makes its model, its key and its error type spike together, and listing it three
 * times (in whatever order their excesses happen to fall) buries the second incident. Folds each
 * spike into the strongest earlier one of another dimension when their windows overlap and each
 * one's value carries most of the other's errors; the lead keeps its rank (largest excess first).
 */
export function foldCoincidentSpikes(spikes: readonly SpikeWithContext[]): FoldedSpike[] {
  const leads: FoldedSpike[] = [];
  for (const spike of spikes) {
    const lead = leads.find(
      (l) =>
        overlaps(l, spike) &&
        l.dimension !== spike.dimension &&
        !l.together.some((t) => t.dimension === spike.dimension) &&
        dominates(l, spike.dimension, spike.value) &&
        dominates(spike, l.dimension, l.value),
    );
    if (lead) {
      lead.together.push({
        dimension: spike.dimension,
        value: spike.value,
        count: spike.count,
        from: spike.from,
        to: spike.to,
      });
    } else {
      leads.push({ ...spike, together: [] });
    }
  }
  const order: SpikeDimension[] = ['model', 'keyAlias', 'errorType'];
  for (const lead of leads)
    lead.together.sort((a, b) => order.indexOf(a.dimension) - order.indexOf(b.dimension));
  return leads;
}
