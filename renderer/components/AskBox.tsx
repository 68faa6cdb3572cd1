import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Source } from '../../shared/connection.ts';
import type { AskResult } from '../../shared/contract/ask.ts';
import type { AppError } from '../../shared/errors.ts';
import { FILTER_FIELDS, type FilterField, type Filters } from '../../shared/filters.ts';
import { bridge } from '../bridge/bridge.ts';
import { useLlmSettings } from '../hooks/use-llm-settings.ts';
import { displayTimeZoneName } from '../lib/display-zone.ts';
import { formatTime } from '../lib/time-range-ui.ts';
import { ErrorNotice } from './Feedback.tsx';

const FIELD_LABELS: Record<FilterField, string> = {
  keyAliases: 'Key',
  models: 'Model',
  errorTypes: 'Error type',
  statusCodes: 'Status',
  teamAliases: 'Team',
};

function rangeLabel(range: Filters['timeRange']): string {
  return range.kind === 'relative'
    ? `Last ${range.last}`
    : `${formatTime(range.from)} → ${formatTime(range.to)}`;
}

/**
 * "429s on qwen from the agent key since yesterday 2pm": the configured LLM turns the question into
 * filters, shown as chips to edit before anything runs. A value no error carries is shown in red
 * with look-alikes from the data, never dropped.
 */
export function AskBox({
  source,
  limit,
  timeRange,
  onApply,
  onOpenSettings,
}: {
  source: Source;
  limit: number;
  /** The form's range: what the question means when it names no time. */
  timeRange: Filters['timeRange'];
  onApply: (filters: Filters) => void;
  onOpenSettings: () => void;
}) {
  const settings = useLlmSettings();
  const configured = settings.data?.configured ?? false;
  const [question, setQuestion] = useState('');
  const [draft, setDraft] = useState<{ result: AskResult; filters: Filters } | null>(null);
  const ask = useMutation<AskResult, AppError, string>({
    // The zone the window shows times in: "2pm" in the question is 2pm on the app's clock.
    mutationFn: (q) =>
      bridge().call('ask.filters', { source, question: q, timeZone: displayTimeZoneName(), timeRange }),
    onSuccess: (result) => setDraft({ result, filters: { ...result.filters, limit } }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (question.trim() && configured) ask.mutate(question.trim());
  };
  const remove = (field: FilterField, value: string) =>
    draft &&
    setDraft({
      ...draft,
      filters: { ...draft.filters, [field]: draft.filters[field].filter((v) => v !== value) },
    });
  const checked = draft
    ? `${formatTime(draft.result.checkedRange.from)} → ${formatTime(draft.result.checkedRange.to)}`
    : '';
  const missing = (field: FilterField, value: string) =>
    draft?.result.unmatched.find((u) => u.field === field && u.value === value);

  return (
    <section className="ask-box" aria-label="Ask in plain language">
      <form className="ask-row" onSubmit={submit}>
        <input
          className="input"
          type="text"
          value={question}
          maxLength={500}
          disabled={!configured}
          onChange={(e) => setQuestion(e.target.value)}
          placeholder={
            configured
              ? 'Ask: 429s on gpt-4o from the support-bot key since yesterday 2pm'
              : 'Asking in plain language needs an LLM'
          }
          aria-label="Question in plain language"
        />
        <button type="submit" className="btn" disabled={!configured || !question.trim() || ask.isPending}>
          {ask.isPending ? 'Asking…' : 'Ask'}
        </button>
        {!configured && settings.isSuccess && (
          <>
            <span className="ask-note muted" title="Turning a question into filters needs an LLM.">
              Turning a question into filters needs an LLM.
            </span>
            <button type="button" className="btn btn-ghost btn-sm" onClick={onOpenSettings}>
              Set one up
            </button>
          </>
        )}
      </form>
      {ask.error && (
        <ErrorNotice title="Could not turn the question into filters" error={ask.error} compact />
      )}
      {draft && (
        <>
          <div className="ask-chips" aria-label="Filters from the question">
            <span className="ask-chip">Time: {rangeLabel(draft.filters.timeRange)}</span>
            {FILTER_FIELDS.flatMap((field) =>
              draft.filters[field].map((value) => {
                const notFound = missing(field, value);
                const hint = notFound
                  ? `No error in ${checked} carries this value${notFound.closest.length ? `; in the data: ${notFound.closest.join(', ')}` : ''}`
                  : undefined;
                return (
                  <span
                    key={`${field}:${value}`}
                    className={`ask-chip${notFound ? ' ask-chip-missing' : ''}`}
                    title={hint}
                    data-missing={notFound ? 'true' : undefined}
                  >
                    {FIELD_LABELS[field]}: {value}
                    {notFound && ' (not in the data)'}
                    <button
                      type="button"
                      aria-label={`Remove ${FIELD_LABELS[field]} ${value}`}
                      onClick={() => remove(field, value)}
                    >
                      ×
                    </button>
                  </span>
                );
              }),
            )}
            {draft.filters.text && <span className="ask-chip">Message contains: {draft.filters.text}</span>}
          </div>
          {draft.result.unmatched.length > 0 && (
            <p className="ask-note" role="status">
              {draft.result.unmatched
                .map(
                  (u) =>
                    `No error in ${checked} carries ${FIELD_LABELS[u.field].toLowerCase()} “${u.value}”${u.closest.length ? ` (closest: ${u.closest.join(', ')})` : ''}.`,
                )
                .join(' ')}
            </p>
          )}
          {draft.result.explanation && <p className="ask-note muted">{draft.result.explanation}</p>}
          <div className="ask-row">
            <button type="button" className="btn btn-primary" onClick={() => onApply(draft.filters)}>
              Apply and run
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setDraft(null)}>
              Discard
            </button>
          </div>
        </>
      )}
    </section>
  );
}
