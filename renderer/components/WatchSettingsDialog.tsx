import { useState, type FormEvent } from 'react';
import type { WatchSettings, WatchStatus } from '../../shared/contract/watch.ts';
import type { AppError } from '../../shared/errors.ts';
import { watchForm, watchSettingsOf, type WatchForm, type WatchFormField } from '../lib/watch-form.ts';
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

/** When a watch calls an incident, and when it keeps quiet; saving switches the watch on. */
export function WatchSettingsDialog({
  status,
  saving,
  error,
  onSave,
  onClose,
}: {
  status: WatchStatus | undefined;
  saving: boolean;
  error: AppError | null;
  onSave: (settings: WatchSettings) => void;
  onClose: () => void;
}) {
  const [form, setForm] = useState<WatchForm>(() => watchForm(status));
  const [problems, setProblems] = useState<Partial<Record<WatchFormField, string>>>({});
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = watchSettingsOf(form, Intl.DateTimeFormat().resolvedOptions().timeZone);
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
