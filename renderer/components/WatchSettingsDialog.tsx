import { useState, type FormEvent } from 'react';
import type { WatchSettings, WatchStatus } from '../../shared/contract/watch.ts';
import type { AppError } from '../../shared/errors.ts';
import { defaultFilters, type Filters } from '../../shared/filters.ts';
import {
  watchFilterWords,
  watchForm,
  watchSettingsOf,
  type WatchForm,
  type WatchFormField,
} from '../lib/watch-form.ts';
import { localTimeZoneName } from '../lib/display-zone.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorNotice } from './Feedback.tsx';
import { TextInput } from './FormField.tsx';

const FIELDS: { field: WatchFormField; label: string; hint: string; placeholder?: string }[] = [
  {
    field: 'everySeconds',
    label: 'Poll every (seconds)',
    hint: 'Totals and rates only: a cheap read. 10–3600.',
  },
  {
    field: 'quietHours',
    label: 'Quiet hours',
    hint: 'Notifications wait until they end, local time. Empty: none.',
    placeholder: '22:00-07:00',
  },
  {
    field: 'spikeFactor',
    label: 'Spike: times the usual errors',
    hint: 'Errors in a poll window against the trailing hour, per window.',
  },
  {
    field: 'minErrors',
    label: 'Spike: at least this many errors',
    hint: 'A handful of errors is never an incident.',
  },
  {
    field: 'rateJumpPoints',
    label: 'Error-rate jump (percentage points)',
    hint: '10 = the error rate rises by 10 points over the last hour.',
  },
  {
    field: 'minRequests',
    label: 'Error-rate jump: at least this many requests',
    hint: 'So two failures of three calls do not page anyone.',
  },
  {
    field: 'recoverAfter',
    label: 'Recovered after (clean polls)',
    hint: 'Clean polls in a row before "recovered" is sent.',
  },
];

/**
 * When a watch calls an incident, what it counts and whom it tells; saving switches the watch on.
 * What `logdesk watch` takes but a shell command: the app runs no command it is sent (no "run any
 * command" over the bridge, STYLE.md), so `--command` stays the CLI's.
 */
export function WatchSettingsDialog({
  status,
  filters,
  saving,
  error,
  onSave,
  onClose,
}: {
  status: WatchStatus | undefined;
  /** The filters on screen: what "watch these filters" takes. */
  filters: Filters;
  saving: boolean;
  error: AppError | null;
  onSave: (settings: WatchSettings) => void;
  onClose: () => void;
}) {
  const [form, setForm] = useState<WatchForm>(() => watchForm(status));
  const [problems, setProblems] = useState<Partial<Record<WatchFormField, string>>>({});
  const onScreen = watchFilterWords(filters);
  const watching = watchFilterWords(status?.filters);
  // Keep what a watch counts unless asked: the screen may show other filters than the watch's.
  const [scope, setScope] = useState<'keep' | 'screen' | 'all'>(
    status?.filters && watching ? 'keep' : !status && onScreen ? 'screen' : 'all',
  );
  const [removeWebhook, setRemoveWebhook] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = watchSettingsOf(form, localTimeZoneName(), {
      filters: scope === 'keep' ? status?.filters : scope === 'screen' ? filters : defaultFilters(),
      removeWebhook,
    });
    if (!checked.ok) return setProblems(checked.problems);
    setProblems({});
    onSave(checked.settings);
  };
  return (
    <Dialog
      title="Watch settings"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="watch-settings-form" className="btn btn-primary" disabled={saving}>
            {status ? 'Save' : 'Save and watch'}
          </button>
        </>
      }
    >
      <form id="watch-settings-form" className="stack" onSubmit={submit} noValidate>
        {status && !status.remembered && (
          <p className="field-hint">
            This URL holds a password: the watch runs until the app closes. Save it as a profile to keep
            watching after a restart.
          </p>
        )}
        <fieldset className="form-section checks">
          <legend>Errors watched</legend>
          {status?.filters && watching && (
            <label>
              <input
                type="radio"
                name="watch-scope"
                checked={scope === 'keep'}
                onChange={() => setScope('keep')}
              />{' '}
              As now: {watching}
            </label>
          )}
          {onScreen && (
            <label>
              <input
                type="radio"
                name="watch-scope"
                checked={scope === 'screen'}
                onChange={() => setScope('screen')}
              />{' '}
              The filters on screen: {onScreen}
            </label>
          )}
          <label>
            <input
              type="radio"
              name="watch-scope"
              checked={scope === 'all'}
              onChange={() => setScope('all')}
            />{' '}
            Every error of this connection
          </label>
        </fieldset>
        <TextInput
          label="Webhook URL (Slack-compatible)"
          value={form.webhook}
          placeholder="https://hooks.slack.com/services/…"
          mono
          disabled={removeWebhook}
          hint={
            status?.webhookHost
              ? `Posting to ${status.webhookHost}. Empty keeps it; a new URL replaces it.`
              : 'POSTs {"text": …} once per incident and recovery, as logdesk watch --webhook. Kept in the secret store.'
          }
          problem={problems.webhook && `Expected ${problems.webhook}`}
          onChange={(value) => setForm((f) => ({ ...f, webhook: value }))}
        />
        {status?.webhookHost && (
          <div className="checks">
            <label>
              <input
                type="checkbox"
                checked={removeWebhook}
                onChange={(e) => setRemoveWebhook(e.target.checked)}
              />{' '}
              Remove the webhook
            </label>
          </div>
        )}
        <p className="field-hint">
          To run a command on an incident, use <code>logdesk watch --command</code>: the app runs no shell
          command.
        </p>
        {FIELDS.map(({ field, label, hint, placeholder }) => (
          <TextInput
            key={field}
            label={label}
            value={form[field]}
            placeholder={placeholder}
            hint={hint}
            problem={problems[field] && `Expected ${problems[field]}`}
            onChange={(value) => setForm((f) => ({ ...f, [field]: value }))}
          />
        ))}
        {error && <ErrorNotice title="The watch was not changed" error={error} />}
      </form>
    </Dialog>
  );
}
