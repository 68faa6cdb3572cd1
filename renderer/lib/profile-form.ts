import {
  Profile,
  type ProfileSecrets,
  type ProfileSummary,
  type Transport,
} from '../../shared/contract/profiles.ts';
import { describeZodError } from '../../shared/errors.ts';

/** What the connection form edits: flat strings, as typed. Secrets are separate and never prefilled. */
export interface ProfileForm {
  name: string;
  transport: Transport;
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
  transport: 'direct',
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

export function profileToForm(summary: ProfileSummary): ProfileForm {
  const p = summary.profile;
  const form = { ...emptyForm(), name: p.name, transport: p.transport };
  if (p.transport === 'direct' || p.transport === 'ssh') {
    Object.assign(form, {
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
      database: p.exec.database,
      user: p.exec.user,
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
): { profile: Profile; problems: null } | { profile: null; problems: Record<string, string> } {
  const db = {
    host: f.host.trim(),
    port: num(f.port),
    database: f.database.trim(),
    user: f.user.trim(),
    tls: f.tls,
    caFile: opt(f.caFile),
  };
  const candidate =
    f.transport === 'direct'
      ? { name: f.name, transport: 'direct', db, defaultFilters }
      : f.transport === 'ssh'
        ? {
            name: f.name,
            transport: 'ssh',
            db,
            defaultFilters,
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
            name: f.name,
            transport: 'exec',
            defaultFilters,
            exec: {
              runner: runner(f),
              database: f.database,
              user: f.user,
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
