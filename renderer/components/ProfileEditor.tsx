import { useState, type FormEvent } from 'react';
import type { ProfileSummary } from '../../shared/contract/profiles.ts';
import type { MappingTarget } from '../../shared/contract/sources.ts';
import type { Dialect, TableSpec } from '../../shared/source-mapping.ts';
import type { AppError } from '../../shared/errors.ts';
import { useMappingEditor } from '../hooks/use-mapping-editor.ts';
import { draftToMapping } from '../lib/mapping-form.ts';
import { useProfiles, useSaveProfile, useTestProfile } from '../hooks/use-profiles.ts';
import {
  emptyForm,
  formToProfile,
  profileToForm,
  secretsToSend,
  withEngine,
  type ProfileForm,
  type SecretEdit,
  type SecretField,
} from '../lib/profile-form.ts';
import { ErrorNotice, Spinner } from './Feedback.tsx';
import { TextInput } from './FormField.tsx';
import { MappingForm } from './MappingForm.tsx';
import { DatabaseFields, ExecFields, FileFields, SshFields } from './ProfileFields.tsx';
import { ProfileTestReport } from './ProfileTestReport.tsx';

const ENGINES: { value: Dialect; label: string }[] = [
  { value: 'postgres', label: 'PostgreSQL' },
  { value: 'mysql', label: 'MySQL / MariaDB' },
  { value: 'sqlite', label: 'SQLite' },
];

const TRANSPORTS: { value: ProfileForm['transport']; label: string; hint: string }[] = [
  { value: 'direct', label: 'Direct', hint: 'The database reachable from this machine' },
  { value: 'ssh', label: 'SSH tunnel', hint: 'Through an SSH server (bastion)' },
  { value: 'exec', label: 'Container', hint: 'The database client inside docker, podman or kubectl' },
];

/** SQLite is a file on this machine or inside a container: no tunnel. */
const transportsFor = (engine: Dialect) =>
  engine === 'sqlite'
    ? TRANSPORTS.filter((t) => t.value !== 'ssh').map((t) =>
        t.value === 'direct' ? { ...t, label: 'Local file', hint: 'A SQLite file on this machine' } : t,
      )
    : TRANSPORTS;

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
  const mapping = useMappingEditor(existing?.profile.source);
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

  // `saved`: the profile's table and mapping as stored (testing); else what the mapping form made of them.
  const build = (source: TableSpec | undefined | 'saved' = 'saved') => {
    const result = formToProfile(
      form,
      existing?.profile.defaultFilters ?? {},
      source === 'saved' ? existing?.profile.source : source,
    );
    setProblems(result.problems ?? {});
    return result.profile;
  };
  // The mapping form reads the database as typed here, with the secrets typed over the saved ones.
  const mappingTarget = (): MappingTarget | null => {
    const profile = build();
    if (!profile) return null;
    const secretsTyped = secretsToSend(form.transport, form.sshAuth, secrets);
    return {
      kind: 'draft',
      profile,
      secrets: secretsTyped,
      ...(existing ? { savedName: existing.profile.name } : {}),
    };
  };
  const runTest = () => {
    // The table and mapping as the form holds them are tested (the engine checks the mapping fits).
    const drafted = mapping.draft ? draftToMapping(mapping.draft).mapping : null;
    const edited = mapping.spec(drafted);
    const same = JSON.stringify(edited) === JSON.stringify(existing?.profile.source);
    const profile = build(same ? 'saved' : edited);
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
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const target = mappingTarget();
    if (!target) return;
    // A mapping is saved only once the table accepts it: a missing column or a wrong type stays at its field.
    const checked = mapping.draft ? await mapping.checked(target).catch(() => null) : null;
    if (mapping.draft && !checked) return;
    const profile = build(mapping.spec(checked));
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
      onSubmit={(e) => void submit(e)}
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
      <div className="segmented" role="radiogroup" aria-label="Database engine">
        {ENGINES.map((en) => (
          <label key={en.value} className={`segment${form.engine === en.value ? ' on' : ''}`}>
            <input
              type="radio"
              name="engine"
              value={en.value}
              checked={form.engine === en.value}
              onChange={() => {
                setForm((f) => withEngine(f, en.value));
                test.reset();
              }}
            />
            {en.label}
          </label>
        ))}
      </div>
      <div className="segmented" role="radiogroup" aria-label="How to reach the database">
        {transportsFor(form.engine).map((t) => (
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
      {form.transport === 'exec' ? (
        <ExecFields {...fieldProps} />
      ) : form.engine === 'sqlite' ? (
        <FileFields {...fieldProps} />
      ) : (
        <DatabaseFields {...fieldProps} />
      )}
      <MappingForm editor={mapping} engine={form.engine} target={mappingTarget} />
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
        <button
          type="submit"
          className="btn btn-primary"
          disabled={save.isPending || mapping.preview.isPending}
        >
          {existing ? 'Save changes' : 'Save connection'}
        </button>
      </div>
    </form>
  );
}
