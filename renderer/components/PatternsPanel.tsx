import { counted } from '../../shared/rate-words.ts';
import { useState } from 'react';
import type { ErrorPattern, Insights, PatternExample } from '../../shared/analysis.ts';
import type { AppError } from '../../shared/errors.ts';
import type { InsightsProgress } from '../hooks/use-insights.ts';
import { longestLiteral, sparklinePaths, templateParts, topValues } from '../lib/insights-shaping.ts';
import { formatTime } from '../lib/time-range-ui.ts';
import { EmptyState, ErrorNotice, Spinner } from './Feedback.tsx';
import { FileIcon } from './Icons.tsx';
import { CategoryBadge, CategoryFilter, ChangeBadge } from './CategoryFilter.tsx';
import type { FailureCategory } from '../../shared/taxonomy.ts';

const SHOWN = 6;
const SPARK_W = 120;
const SPARK_H = 30;

export function progressLabel(what: string, progress: InsightsProgress | null): string {
  if (!progress || progress.done === 0) return `${what}…`;
  const of = progress.total ? ` of ${progress.total.toLocaleString()}` : '';
  return `${what}… ${progress.done.toLocaleString()}${of} errors read`;
}

function Sparkline({ series, label }: { series: number[]; label: string }) {
  const { line, area } = sparklinePaths(series, SPARK_W, SPARK_H);
  return (
    <svg
      className="sparkline"
      width={SPARK_W}
      height={SPARK_H}
      viewBox={`0 0 ${SPARK_W} ${SPARK_H}`}
      role="img"
    >
      <title>{label}</title>
      <path className="sparkline-area" d={area} />
      <path className="sparkline-line" d={line} />
    </svg>
  );
}

function Template({ template }: { template: string }) {
  return (
    <code className="pattern-template">
      {templateParts(template).map((part, i) =>
        part.placeholder ? (
          <span key={i} className="placeholder" title="varies between errors">
            {part.text}
          </span>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </code>
  );
}

function PatternRow({
  pattern,
  rank,
  onPick,
  onExample,
}: {
  pattern: ErrorPattern;
  rank: number;
  onExample: (example: PatternExample) => void;
  onPick: (text: string) => void;
}) {
  const fragment = longestLiteral(pattern.template);
  const chips = [
    ...topValues(pattern.errorTypes, 1).map((v) => ({ kind: 'type', v })),
    ...topValues(pattern.models, 2).map((v) => ({ kind: 'model', v })),
    ...topValues(pattern.keyAliases, 2).map((v) => ({ kind: 'key', v })),
  ];
  const percent = Math.round(pattern.share * 1000) / 10;
  return (
    <li>
      <button
        type="button"
        className="pattern-row"
        disabled={!fragment}
        title={fragment ? `Show only errors whose message contains “${fragment}”` : undefined}
        onClick={() => fragment && onPick(fragment)}
        data-pattern-id={pattern.id}
      >
        <span className="pattern-rank">{rank}</span>
        <span className="pattern-main">
          <Template template={pattern.template} />
          <span className="pattern-meta">
            <ChangeBadge pattern={pattern} />
            <CategoryBadge pattern={pattern} />
            {chips.map((c) => (
              <span key={`${c.kind}:${c.v}`} className={`pattern-chip pattern-chip-${c.kind}`}>
                {c.v}
              </span>
            ))}
            <span className="pattern-seen muted">
              {formatTime(pattern.firstSeen)} → {formatTime(pattern.lastSeen)}
            </span>
          </span>
        </span>
        <Sparkline series={pattern.series} label={`${pattern.count} errors over the range`} />
        <span className="pattern-count">
          <strong>{pattern.count.toLocaleString()}</strong>
          <span className="share-bar" aria-hidden="true">
            <span style={{ width: `${Math.max(2, pattern.share * 100)}%` }} />
          </span>
          <span className="muted">{percent}%</span>
        </span>
      </button>
      <button
        type="button"
        className="btn btn-ghost icon-btn pattern-example"
        aria-label={`Open an example error of pattern ${rank}`}
        title={`Open an example: request ${pattern.example.requestId}`}
        onClick={() => onExample(pattern.example)}
      >
        <FileIcon size={15} />
      </button>
    </li>
  );
}

/**
 * The error messages grouped into templates, the new and growing first, then the largest. Clicking
 * one filters the results to messages containing its longest literal fragment; a cause chip filters
 * the whole query by that cause.
 */
export function PatternsPanel({
  insights,
  progress,
  error,
  onRetry,
  onPick,
  onExample,
  cause,
  onCause,
}: {
  insights: Insights | null;
  progress: InsightsProgress | null;
  error: AppError | null;
  onRetry: () => void;
  onPick: (text: string) => void;
  onExample: (example: PatternExample) => void;
  /** The cause the query keeps (one), or null for all. */
  cause: FailureCategory | null;
  onCause: (next: FailureCategory | null) => void;
}) {
  const [all, setAll] = useState(false);
  const everyPattern = insights?.patterns ?? [];
  const patterns = everyPattern;
  const shown = all ? patterns : patterns.slice(0, SHOWN);
  return (
    <section
      className="card insights-card patterns-card"
      aria-labelledby="patterns-title"
      aria-busy={!insights && !error}
    >
      <header className="card-header">
        <h3 id="patterns-title">Error patterns</h3>
        {insights && everyPattern.length > 0 && (
          <span className="muted card-hint">
            {counted(insights.patternCount, 'pattern')} in {counted(insights.total, 'error')} · click one to
            filter by its text, its icon for an example
          </span>
        )}
      </header>
      {error ? (
        <ErrorNotice title="Could not group the errors" error={error} onRetry={onRetry} compact />
      ) : !insights ? (
        <div className="insights-loading">
          <Spinner label={progressLabel('Grouping errors into patterns', progress)} />
        </div>
      ) : everyPattern.length === 0 ? (
        <EmptyState title="No error patterns">No errors match these filters.</EmptyState>
      ) : (
        <>
          <CategoryFilter patterns={everyPattern} value={cause} onChange={onCause} />
          <ol className="pattern-list" aria-label="Error patterns, new and growing first, then largest">
            {shown.map((p) => (
              <PatternRow
                key={p.id}
                pattern={p}
                rank={everyPattern.indexOf(p) + 1}
                onPick={onPick}
                onExample={onExample}
              />
            ))}
          </ol>
          {patterns.length > SHOWN && (
            <button type="button" className="btn btn-ghost btn-sm insights-more" onClick={() => setAll(!all)}>
              {all ? 'Show fewer' : `Show all ${patterns.length}`}
            </button>
          )}
        </>
      )}
    </section>
  );
}
