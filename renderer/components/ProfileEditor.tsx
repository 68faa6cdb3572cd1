import { useState, type FormEvent } from 'react';
import type { ProfileSummary, Transport } from '../../shared/contract/profiles.ts';
import type { AppError } from '../../shared/errors.ts';
import { useProfiles, useSaveProfile, useTestProfile } from '../hooks/use-profiles.ts';
import {
  emptyForm,
  formToProfile,
  profileToForm,
  secretsToSend,
  type ProfileForm,
  type SecretEdit,
  type SecretField,
} from '../lib/profile-form.ts';
import { ErrorNotice, Spinner } from './Feedback.tsx';
import { TextInput } from './FormField.tsx';
import { DatabaseFields, ExecFields, SshFields } from './ProfileFields.tsx';
import { ProfileTestReport } from './ProfileTestReport.tsx';

const TRANSPORTS: { value: Transport; label: string; hint: string }[] = [
  { value: 'direct', label: 'Direct', hint: 'PostgreSQL reachable from this machine' },
  { value: 'ssh', label: 'SSH tunnel', hint: 'Through an SSH server (bastion)' },
  { value: 'exec', label: 'Container', hint: 'psql inside docker, podman or kubectl' },
];

const KEEP_ALL: Record<SecretField, SecretEdit> = {
  dbPassword: { kind: 'keep' },
  sshPassphrase: { kind: 'keep' },
  sshPassword: { kind: 'keep' },
};

/** Create or edit one connection profile; test it before (or without) saving. */
export function ProfileEditor({
  existing,
  secretsWhere,
  onSaved,
}: {
  existing: ProfileSummary | null;
  secretsWhere: string;
  onSaved: (summary: ProfileSummary) => void;
}) {
  const [form, setForm] = useState<ProfileForm>(() => (existing ? profileToForm(existing) : emptyForm()));
  const [secrets, setSecrets] = useState(KEEP_ALL);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const save = useSaveProfile();
  const test = useTestProfile();
  const saved = useProfiles();
  const stored = existing?.hasSecret ?? { dbPassword: false, sshPassphrase: false, sshPassword: false };
  // A test result describes the form as it was tested: any change makes it stale.
  const set = <K extends keyof ProfileForm>(key: K, value: ProfileForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setProblems((p) => ({ ...p, [key]: '' }));
    test.reset();
  };
  const setSecret = (field: SecretField, edit: SecretEdit) => {
    setSecrets((s) => ({ ...s, [field]: edit }));
    test.reset();
  };
  const fieldProps = { form, set, problems, secrets, setSecret, stored };

  const build = () => {
    const result = formToProfile(form, existing?.profile.defaultFilters ?? {});
    setProblems(result.problems ?? {});
    return result.profile;
  };
  const runTest = () => {
    const profile = build();
    if (!profile) return;
    // A saved profile with untouched secrets is tested with what is stored; otherwise with what was typed.
    const typed = secretsToSend(form.transport, form.sshAuth, secrets);
    if (
      existing &&
      Object.keys(typed).length === 0 &&
      JSON.stringify(profile) === JSON.stringify(existing.profile)
    ) {
      test.mutate({ name: existing.profile.name });
    } else test.mutate({ profile, secrets: typed });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const profile = build();
    if (!profile) return;
    // Saving a new connection under a taken name would replace it and keep its stored password.
    if (!existing && (saved.data ?? []).some((p) => p.profile.name === profile.name)) {
      setProblems({
        name: `A connection named "${profile.name}" already exists: choose another name, or open it to edit it.`,
      });
      return;
    }
    save.mutate(
      // Editing a saved connection replaces it on purpose; a new one never does (the engine refuses).
      { profile, secrets: secretsToSend(form.transport, form.sshAuth, secrets), replace: existing !== null },
      { onSuccess: onSaved },
    );
  };

  return (
    <form
      className="profile-editor"
      onSubmit={submit}
      aria-label={existing ? `Edit ${existing.profile.name}` : 'New connection'}
    >
      <div className="form-grid">
        <TextInput
          label="Connection name"
          value={form.name}
          onChange={(v) => set('name', v)}
          problem={problems.name}
          disabled={existing !== null}
          autoFocus={existing === null}
          placeholder="prod-eu"
          hint={existing ? 'Names are fixed; save a copy under a new name to rename.' : undefined}
        />
      </div>
      <div className="segmented" role="radiogroup" aria-label="How to reach the database">
        {TRANSPORTS.map((t) => (
          <label key={t.value} className={`segment${form.transport === t.value ? ' on' : ''}`} title={t.hint}>
            <input
              type="radio"
              name="transport"
              value={t.value}
              checked={form.transport === t.value}
              onChange={() => set('transport', t.value)}
            />
            {t.label}
          </label>
        ))}
      </div>
      {form.transport === 'ssh' && <SshFields {...fieldProps} />}
      {form.transport === 'exec' ? <ExecFields {...fieldProps} /> : <DatabaseFields {...fieldProps} />}
      <p className="field-hint">Passwords and passphrases go to {secretsWhere}; never to the profile file.</p>
      {problems.form && <p className="field-error">{problems.form}</p>}
      {test.isPending && <Spinner label="Testing the connection…" />}
      {test.isError && <ErrorNotice title="The test could not run" error={test.error as AppError} compact />}
      {test.data && !test.isPending && <ProfileTestReport result={test.data} onAccepted={runTest} />}
      {save.isError && <ErrorNotice title="Not saved" error={save.error as AppError} compact />}
      <div className="editor-actions">
        <button type="button" className="btn" onClick={runTest} disabled={test.isPending}>
          Test connection
        </button>
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {existing ? 'Save changes' : 'Save connection'}
        </button>
      </div>
    </form>
  );
}
