import type { ErrorPattern } from '../../shared/analysis.ts';
import { CATEGORY_LABELS, FAILURE_CATEGORIES, type FailureCategory } from '../../shared/taxonomy.ts';

/** Categories present among the patterns, with their error counts, in the taxonomy's order. */
export function categoryCounts(
  patterns: readonly ErrorPattern[],
): { category: FailureCategory; errors: number }[] {
  const sums = new Map<FailureCategory, number>();
  for (const p of patterns) sums.set(p.category, (sums.get(p.category) ?? 0) + p.count);
  return FAILURE_CATEGORIES.filter((c) => sums.has(c)).map((category) => ({
    category,
    errors: sums.get(category)!,
  }));
}

/**
 * Toggle chips above the pattern list: one cause at a time, or all. The cause is a query filter
 * (totals, charts, table, patterns and the link all follow it), not a view of this list only.
 */
export function CategoryFilter({
  patterns,
  value,
  onChange,
}: {
  patterns: readonly ErrorPattern[];
  value: FailureCategory | null;
  onChange: (next: FailureCategory | null) => void;
}) {
  const counts = categoryCounts(patterns);
  if (counts.length < 2 && value === null) return null;
  return (
    <div className="category-filter" role="group" aria-label="Filter patterns by cause">
      <button
        type="button"
        className="category-toggle"
        aria-pressed={value === null}
        onClick={() => onChange(null)}
      >
        All causes
      </button>
      {counts.map(({ category, errors }) => (
        <button
          key={category}
          type="button"
          className={`category-toggle category-${category}`}
          aria-pressed={value === category}
          onClick={() => onChange(value === category ? null : category)}
        >
          {CATEGORY_LABELS[category]} <span className="muted">{errors.toLocaleString()}</span>
        </button>
      ))}
    </div>
  );
}

/** What changed against the period of equal length before: only new and clearly moved patterns say so. */
export function ChangeBadge({ pattern }: { pattern: ErrorPattern }) {
  const { change, previousCount: before } = pattern;
  if (change === null || change === 'steady' || before === null) return null;
  const text =
    change === 'new' ? 'new' : change === 'grew' ? `grew ×${(pattern.count / before).toFixed(1)}` : 'shrank';
  return (
    <span
      className={`change-badge change-${change}`}
      title={`${before.toLocaleString()} in the period of the same length before, ${pattern.count.toLocaleString()} now`}
    >
      {text}
    </span>
  );
}

/** The cause of one pattern; its title says why and what to check. */
export function CategoryBadge({ pattern }: { pattern: ErrorPattern }) {
  const by = pattern.categorySource === 'llm' ? ' (named by the LLM)' : '';
  return (
    <span
      className={`category-badge category-${pattern.category}`}
      title={`${pattern.categoryReason}${by}. Check: ${pattern.categoryCheck}`}
    >
      {CATEGORY_LABELS[pattern.category]}
    </span>
  );
}
