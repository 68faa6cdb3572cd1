import type { SecretEdit } from '../lib/profile-form.ts';
import { TextInput } from './FormField.tsx';

/**
 * A password-like field that never shows what is stored: it says whether a value is saved, and the
 * user can type a new one or clear it.
 */
export function SecretInput({
  label,
  stored,
  edit,
  onChange,
}: {
  label: string;
  stored: boolean;
  edit: SecretEdit;
  onChange: (edit: SecretEdit) => void;
}) {
  const hint =
    edit.kind === 'clear' ? (
      <>
        Will be removed.{' '}
        <button type="button" className="link-button" onClick={() => onChange({ kind: 'keep' })}>
          Undo
        </button>
      </>
    ) : stored && edit.kind === 'keep' ? (
      <>
        Saved in the secret store; leave empty to keep it.{' '}
        <button type="button" className="link-button" onClick={() => onChange({ kind: 'clear' })}>
          Remove it
        </button>
      </>
    ) : undefined;
  return (
    <TextInput
      label={label}
      type="password"
      value={edit.kind === 'set' ? edit.value : ''}
      placeholder={stored && edit.kind === 'keep' ? '••••••••' : ''}
      hint={hint}
      disabled={edit.kind === 'clear'}
      onChange={(value) => onChange(value ? { kind: 'set', value } : { kind: 'keep' })}
    />
  );
}
