import {
  Profile,
  type ProfileSecrets,
  type ProfileSummary,
  type Transport,
} from '../../shared/contract/profiles.ts';
import { describeZodError } from '../../shared/errors.ts';
import type { Dialect } from '../../shared/source-mapping.ts';

/** What the connection form edits: flat strings, as typed. Secrets are separate and never prefilled. */

export interface ProfileForm {
  name: string;
  /** Which database speaks at the other end; a local SQLite file is the `file` transport. */
  engine: Dialect;
  /** How it is reached; `direct` for SQLite means a file on this machine. */
  transport: Exclude<Transport, 'file'>;
  /** The SQLite file: on this machine, or inside the container. */
  file: string;
  host: string;
  port: string;
  database: string;
  user: string;
  tls: 'disable' | 'require' | 'verify-full';
  caFile: string;
  sshHost: string;
  sshPort: string;
  sshUser: string;
  sshAuth: 'agent' | 'key' | 'password';
  sshKeyFile: string;
  sshJump: string;
  sshProxyCommand: string;
  execKind: 'docker' | 'podman' | 'kubectl' | 'custom';
  execContainer: string;
  execPod: string;
  execNamespace: string;
  execContext: string;
  execCommand: string;
  execHost: string;
  execPort: string;
}

export type SecretField = 'dbPassword' | 'sshPassphrase' | 'sshPassword';
/** A secret field: untouched (keep what is stored), a new value, or cleared. */
export type SecretEdit = { kind: 'keep' } | { kind: 'set'; value: string } | { kind: 'clear' };

export const emptyForm = (): ProfileForm => ({
  name: '',
  engine: 'postgres',
  transport: 'direct',
  file: '',
  host: '',
  port: '5432',
  database: 'litellm',
  user: '',
  tls: 'disable',
  caFile: '',
  sshHost: '',
  sshPort: '',
  sshUser: '',
  sshAuth: 'agent',
  sshKeyFile: '',
  sshJump: '',
  sshProxyCommand: '',
  execKind: 'docker',
  execContainer: '',
  execPod: '',
  execNamespace: '',
  execContext: '',
  execCommand: '',
  execHost: '',
  execPort: '',
});

const opt = (s: string) => (s.trim() ? s.trim() : undefined);
const num = (s: string) => (s.trim() === '' ? undefined : Number(s.trim()));

const DEFAULT_PORT: Record<Dialect, string> = { postgres: '5432', mysql: '3306', sqlite: '' };

/** The form after choosing another engine: a port left at the old engine's default follows the new one. */
export function withEngine(f: ProfileForm, engine: Dialect): ProfileForm {
  const port = f.port === DEFAULT_PORT[f.engine] ? DEFAULT_PORT[engine] || f.port : f.port;
  // SQLite is a file here or in a container: there is no SSH transport for it.
  const transport = engine === 'sqlite' && f.transport === 'ssh' ? 'direct' : f.transport;
  return { ...f, engine, port, transport };
}

export function profileToForm(summary: ProfileSummary): ProfileForm {
  const p = summary.profile;
  if (p.transport === 'file')
    return { ...emptyForm(), name: p.name, engine: 'sqlite', transport: 'direct', file: p.file };
  const form: ProfileForm = { ...emptyForm(), name: p.name, transport: p.transport };
  if (p.transport === 'direct' || p.transport === 'ssh') {
    Object.assign(form, {
      engine: p.db.engine ?? 'postgres',
      host: p.db.host,
      port: String(p.db.port),
      database: p.db.database,
      user: p.db.user,
      tls: p.db.tls,
      caFile: p.db.caFile ?? '',
    });
  }
  if (p.transport === 'ssh') {
    const auth = p.ssh.auth;
    Object.assign(form, {
      sshHost: p.ssh.host,
      sshPort: p.ssh.port === undefined ? '' : String(p.ssh.port),
      sshUser: p.ssh.user ?? '',
      sshAuth: auth.method,
      sshKeyFile: auth.method === 'key' ? (auth.keyFile ?? '') : '',
      sshJump: p.ssh.jump ?? '',
      sshProxyCommand: p.ssh.proxyCommand ?? '',
    });
  }
  if (p.transport === 'exec') {
    const r = p.exec.runner;
    Object.assign(form, {
      engine: p.exec.engine ?? 'postgres',
      file: p.exec.file ?? '',
      database: p.exec.database ?? '',
      user: p.exec.user ?? '',
      execHost: p.exec.host ?? '',
      execPort: p.exec.port === undefined ? '' : String(p.exec.port),
      execKind: r.kind,
      execContainer:
        r.kind === 'docker' || r.kind === 'podman'
          ? r.container
          : r.kind === 'kubectl'
            ? (r.container ?? '')
            : '',
      execPod: r.kind === 'kubectl' ? r.pod : '',
      execNamespace: r.kind === 'kubectl' ? (r.namespace ?? '') : '',
      execContext: r.kind === 'kubectl' ? (r.context ?? '') : '',
      execCommand: r.kind === 'custom' ? r.command.join(' ') : '',
    });
  }
  return form;
}

function runner(f: ProfileForm) {
  switch (f.execKind) {
    case 'docker':
    case 'podman':
      return { kind: f.execKind, container: f.execContainer };
    case 'kubectl':
      return {
        kind: 'kubectl' as const,
        pod: f.execPod,
        namespace: opt(f.execNamespace),
        container: opt(f.execContainer),
        context: opt(f.execContext),
      };
    case 'custom':
      return { kind: 'custom' as const, command: f.execCommand.trim().split(/\s+/).filter(Boolean) };
  }
}

/** The profile the form describes, checked by the contract's schema; problems keyed by form field. */
export function formToProfile(
  f: ProfileForm,
  defaultFilters: Profile['defaultFilters'] = {},
  source?: Profile['source'],
): { profile: Profile; problems: null } | { profile: null; problems: Record<string, string> } {
  const engine = f.engine === 'postgres' ? undefined : f.engine;
  const common = { name: f.name, defaultFilters, ...(source ? { source } : {}) };
  const db = {
    engine: f.engine === 'mysql' ? ('mysql' as const) : undefined,
    host: f.host.trim(),
    port: num(f.port),
    database: f.database.trim(),
    user: f.user.trim(),
    tls: f.tls,
    caFile: opt(f.caFile),
  };
  const candidate =
    f.engine === 'sqlite' && f.transport === 'direct'
      ? { ...common, transport: 'file', file: f.file }
      : f.transport === 'direct'
        ? { ...common, transport: 'direct', db }
        : f.transport === 'ssh'
          ? {
              ...common,
              transport: 'ssh',
              db,
              ssh: {
                host: f.sshHost,
                port: num(f.sshPort),
                user: opt(f.sshUser),
                jump: opt(f.sshJump),
                proxyCommand: opt(f.sshProxyCommand),
                auth:
                  f.sshAuth === 'key' ? { method: 'key', keyFile: opt(f.sshKeyFile) } : { method: f.sshAuth },
              },
            }
          : {
              ...common,
              transport: 'exec',
              exec: {
                engine,
                file: f.engine === 'sqlite' ? opt(f.file) : undefined,
                runner: runner(f),
                // A SQLite file in a container has no database or user.
                database: f.engine === 'sqlite' ? opt(f.database) : f.database,
                user: f.engine === 'sqlite' ? opt(f.user) : f.user,
                host: opt(f.execHost),
                port: num(f.execPort),
              },
            };
  const parsed = Profile.safeParse(candidate);
  if (parsed.success) return { profile: parsed.data, problems: null };
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = FIELD_OF_PATH[issue.path.map(String).join('.')] ?? 'form';
    problems[key] ??= issue.message;
  }
  if (Object.keys(problems).length === 0) problems.form = describeZodError(parsed.error, 'profile');
  return { profile: null, problems };
}

/** Schema paths → the form field that shows the message. */
const FIELD_OF_PATH: Record<string, keyof ProfileForm> = {
  name: 'name',
  file: 'file',
  'exec.file': 'file',
  'db.host': 'host',
  'db.port': 'port',
  'db.database': 'database',
  'db.user': 'user',
  'db.caFile': 'caFile',
  'ssh.host': 'sshHost',
  'ssh.port': 'sshPort',
  'ssh.user': 'sshUser',
  'ssh.jump': 'sshJump',
  'ssh.proxyCommand': 'sshProxyCommand',
  'ssh.auth.keyFile': 'sshKeyFile',
  'exec.runner.container': 'execContainer',
  'exec.runner.pod': 'execPod',
  'exec.runner.namespace': 'execNamespace',
  'exec.runner.context': 'execContext',
  'exec.host': 'execHost',
  'exec.runner.command': 'execCommand',
  'exec.database': 'database',
  'exec.user': 'user',
  'exec.port': 'execPort',
};

/** The `secrets` of profiles.save/test: only the fields the user touched, and only those the transport uses. */
export function secretsToSend(
  transport: Transport,
  auth: ProfileForm['sshAuth'],
  edits: Record<SecretField, SecretEdit>,
): ProfileSecrets {
  const used: SecretField[] = ['dbPassword'];
  if (transport === 'ssh' && auth === 'key') used.push('sshPassphrase');
  if (transport === 'ssh' && auth === 'password') used.push('sshPassword');
  const out: ProfileSecrets = {};
  for (const field of used) {
    const edit = edits[field];
    if (edit.kind === 'set') out[field] = edit.value;
    if (edit.kind === 'clear') out[field] = null;
  }
  return out;
}
