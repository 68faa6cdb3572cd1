export type View = 'errors' | 'traffic' | 'health';

const VIEWS: { id: View; label: string; hint: string }[] = [
  { id: 'errors', label: 'Errors', hint: 'Failed requests: patterns, spikes, every error' },
  { id: 'traffic', label: 'Traffic', hint: 'Every request: error rate, latency, tokens and spend' },
  {
    id: 'health',
    label: 'Health',
    hint: 'Are the logs complete and do they agree? Sizes, indexes, dead rows of the database',
  },
];

/** Errors, Traffic or Health over the same source and filters. */
export function ViewTabs({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  return (
    <div className="view-tabs" role="tablist" aria-label="View">
      {VIEWS.map((v) => (
        <button
          key={v.id}
          type="button"
          role="tab"
          aria-selected={view === v.id}
          title={v.hint}
          className={`view-tab${view === v.id ? ' active' : ''}`}
          onClick={() => onChange(v.id)}
        >
          {v.label}
        </button>
      ))}
    </div>
  );
}
