import type { ProfileForm, SecretEdit, SecretField } from '../lib/profile-form.ts';
import { SelectInput, TextInput } from './FormField.tsx';
import { SecretInput } from './SecretInput.tsx';

interface Props {
  form: ProfileForm;
  set: <K extends keyof ProfileForm>(key: K, value: ProfileForm[K]) => void;
  problems: Record<string, string>;
  secrets: Record<SecretField, SecretEdit>;
  setSecret: (field: SecretField, edit: SecretEdit) => void;
  stored: Record<SecretField, boolean>;
}

const TLS = [
  { value: 'disable', label: 'No TLS' },
  { value: 'require', label: 'TLS (no certificate check)' },
  { value: 'verify-full', label: 'TLS, verify certificate and host' },
] as const;

/** Database name, user and password: the same for a direct, tunnelled or in-container psql login. */
function LoginFields({
  form,
  set,
  problems,
  secrets,
  setSecret,
  stored,
  userPlaceholder,
}: Props & { userPlaceholder: string }) {
  return (
    <>
      <TextInput
        label="Database"
        value={form.database}
        onChange={(v) => set('database', v)}
        problem={problems.database}
      />
      <TextInput
        label="User"
        value={form.user}
        onChange={(v) => set('user', v)}
        problem={problems.user}
        placeholder={userPlaceholder}
      />
      <SecretInput
        label="Password"
        stored={stored.dbPassword}
        edit={secrets.dbPassword}
        onChange={(e) => setSecret('dbPassword', e)}
      />
    </>
  );
}

const ENGINE_NAMES = { postgres: 'PostgreSQL', mysql: 'MySQL / MariaDB', sqlite: 'SQLite' } as const;

/** A SQLite file on this machine, opened read-only. */
export function FileFields({ form, set, problems }: Props) {
  return (
    <fieldset className="form-section">
      <legend>SQLite file</legend>
      <TextInput
        label="SQLite file"
        value={form.file}
        onChange={(v) => set('file', v)}
        problem={problems.file}
        placeholder="/srv/router/data/router.db"
        hint="An absolute path; opened read-only."
        mono
      />
    </fieldset>
  );
}

/** The database part: where the server listens (for SSH: as seen from the SSH server). */
export function DatabaseFields(props: Props) {
  const { form, set, problems } = props;
  const viaSsh = form.transport === 'ssh';
  return (
    <fieldset className="form-section">
      <legend>{ENGINE_NAMES[form.engine]}</legend>
      <div className="form-grid">
        <TextInput
          label="Host"
          value={form.host}
          onChange={(v) => set('host', v)}
          problem={problems.host}
          hint={viaSsh ? 'As seen from the SSH server, e.g. localhost or 10.0.0.5' : undefined}
          placeholder="db.internal"
        />
        <TextInput label="Port" value={form.port} onChange={(v) => set('port', v)} problem={problems.port} />
        <LoginFields {...props} userPlaceholder="readonly_user" />
        <SelectInput label="TLS" value={form.tls} options={TLS} onChange={(v) => set('tls', v)} />
        {form.tls === 'verify-full' && (
          <TextInput
            label="CA certificate file"
            value={form.caFile}
            onChange={(v) => set('caFile', v)}
            problem={problems.caFile}
            placeholder="/etc/ssl/certs/db-ca.pem"
            mono
          />
        )}
      </div>
    </fieldset>
  );
}

const AUTH = [
  { value: 'agent', label: 'ssh-agent' },
  { value: 'key', label: 'Private key file' },
  { value: 'password', label: 'Password' },
] as const;

export function SshFields({ form, set, problems, secrets, setSecret, stored }: Props) {
  return (
    <fieldset className="form-section">
      <legend>SSH tunnel</legend>
      <div className="form-grid">
        <TextInput
          label="SSH host"
          value={form.sshHost}
          onChange={(v) => set('sshHost', v)}
          problem={problems.sshHost}
          hint="A host name or a Host alias from ~/.ssh/config"
          placeholder="bastion"
        />
        <TextInput
          label="SSH port"
          value={form.sshPort}
          onChange={(v) => set('sshPort', v)}
          problem={problems.sshPort}
          placeholder="22"
        />
        <TextInput
          label="SSH user"
          value={form.sshUser}
          onChange={(v) => set('sshUser', v)}
          problem={problems.sshUser}
          placeholder="from ~/.ssh/config"
        />
        <SelectInput
          label="SSH login"
          value={form.sshAuth}
          options={AUTH}
          onChange={(v) => set('sshAuth', v)}
        />
        {form.sshAuth === 'key' && (
          <>
            <TextInput
              label="Private key file"
              value={form.sshKeyFile}
              onChange={(v) => set('sshKeyFile', v)}
              problem={problems.sshKeyFile}
              placeholder="~/.ssh/id_ed25519"
              mono
            />
            <SecretInput
              label="Key passphrase"
              stored={stored.sshPassphrase}
              edit={secrets.sshPassphrase}
              onChange={(e) => setSecret('sshPassphrase', e)}
            />
          </>
        )}
        {form.sshAuth === 'password' && (
          <SecretInput
            label="SSH password"
            stored={stored.sshPassword}
            edit={secrets.sshPassword}
            onChange={(e) => setSecret('sshPassword', e)}
          />
        )}
        <TextInput
          label="Jump host"
          value={form.sshJump}
          onChange={(v) => set('sshJump', v)}
          problem={problems.sshJump}
          placeholder="user@jump:22 (optional)"
        />
        <TextInput
          label="Proxy command"
          value={form.sshProxyCommand}
          onChange={(v) => set('sshProxyCommand', v)}
          problem={problems.sshProxyCommand}
          placeholder="e.g. aws ssm start-session --target i-… (optional; %h %p %r)"
        />
      </div>
    </fieldset>
  );
}

const RUNNERS = [
  { value: 'docker', label: 'docker exec' },
  { value: 'podman', label: 'podman exec' },
  { value: 'kubectl', label: 'kubectl exec' },
  { value: 'custom', label: 'Custom command' },
] as const;

export function ExecFields(props: Props) {
  const { form, set, problems } = props;
  const kube = form.execKind === 'kubectl';
  return (
    <fieldset className="form-section">
      <legend>
        {form.engine === 'postgres' ? 'psql' : form.engine === 'mysql' ? 'mysql' : 'sqlite3'} inside a
        container
      </legend>
      <div className="form-grid">
        <SelectInput
          label="Runner"
          value={form.execKind}
          options={RUNNERS}
          onChange={(v) => set('execKind', v)}
        />
        {(form.execKind === 'docker' || form.execKind === 'podman') && (
          <TextInput
            label="Container"
            value={form.execContainer}
            onChange={(v) => set('execContainer', v)}
            problem={problems.execContainer}
            placeholder="litellm-db"
          />
        )}
        {kube && (
          <>
            <TextInput
              label="Pod"
              value={form.execPod}
              onChange={(v) => set('execPod', v)}
              problem={problems.execPod}
              placeholder="postgres-0"
            />
            <TextInput
              label="Namespace"
              value={form.execNamespace}
              onChange={(v) => set('execNamespace', v)}
              problem={problems.execNamespace}
              placeholder="default"
            />
            <TextInput
              label="Container"
              value={form.execContainer}
              onChange={(v) => set('execContainer', v)}
              problem={problems.execContainer}
              placeholder="(the pod’s default)"
            />
            <TextInput
              label="kubectl context"
              value={form.execContext}
              onChange={(v) => set('execContext', v)}
              problem={problems.execContext}
              placeholder="(current)"
            />
          </>
        )}
        {form.execKind === 'custom' && (
          <TextInput
            label="Command"
            value={form.execCommand}
            onChange={(v) => set('execCommand', v)}
            problem={problems.execCommand}
            placeholder="ssh db-box docker exec -i pg"
            mono
            hint="Run as is, without a shell; psql and its arguments are appended."
          />
        )}
        {form.engine === 'sqlite' && (
          <TextInput
            label="SQLite file in the container"
            value={form.file}
            onChange={(v) => set('file', v)}
            problem={problems.file}
            placeholder="/app/data/router.db"
            mono
          />
        )}
        <LoginFields {...props} userPlaceholder={form.engine === 'mysql' ? 'root' : 'postgres'} />
        <TextInput
          label="Host inside the container"
          value={form.execHost}
          onChange={(v) => set('execHost', v)}
          problem={problems.execHost}
          placeholder="(local socket)"
        />
        <TextInput
          label="Port inside the container"
          value={form.execPort}
          onChange={(v) => set('execPort', v)}
          problem={problems.execPort}
          placeholder="5432"
        />
      </div>
    </fieldset>
  );
}
