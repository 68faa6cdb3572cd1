import { z } from 'zod';
import { argvValue, runnerName } from '../argv-value.ts';
import { DirectTarget, StatementTimeoutSeconds } from '../connection.ts';
import { Dialect, TableSpec } from '../source-mapping.ts';
import { TimeRange } from '../time-range.ts';
import { defineArea } from './define.ts';

/**
 * Connection profiles (DESIGN §3): a name, a transport and its settings, default filters.
 * A profile never holds a secret; secrets travel separately (`profiles.save` → SecretStore) and
 * come back only as "is it set" flags.
 */
export const ProfileName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'use letters, digits, ".", "_" and "-" (starting with a letter or digit)',
  );

const port = z
  .number()
  .int('expected a whole number')
  .min(1, 'must be 1–65535')
  .max(65535, 'must be 1–65535');

/** How to authenticate to the SSH server. `keyFile` may be left out when ~/.ssh/config names an IdentityFile. */
export const SshAuth = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('key'),
    keyFile: z.string().min(1, 'expected a private key file').optional(),
  }),
  /** ssh-agent at `SSH_AUTH_SOCK` (or the socket given). */
  z.object({ method: z.literal('agent'), socket: z.string().min(1).optional() }),
  z.object({ method: z.literal('password') }),
]);
export type SshAuth = z.infer<typeof SshAuth>;

export const SshSettings = z
  .object({
    /** A host name, an address, or a `Host` alias of ~/.ssh/config (HostName, User, Port, IdentityFile, ProxyJump, ProxyCommand resolve). */
    host: z.string().trim().min(1, 'expected the SSH host'),
    /** Defaults to ~/.ssh/config's Port, else 22. */
    port: port.optional(),
    /** Defaults to ~/.ssh/config's User, else the local user name. */
    user: z.string().trim().min(1).optional(),
    auth: SshAuth.default({ method: 'agent' }),
    /** `[user@]host[:port]` or an alias; overrides ~/.ssh/config's ProxyJump. */
    jump: z.string().trim().min(1).optional(),
    /**
     * A command whose stdin/stdout carry the SSH connection, as OpenSSH's ProxyCommand (`%h`, `%p`,
     * `%r`, `%n`, `%%` expanded), e.g. `aws ssm start-session --target i-0abc --document-name
     * AWS-StartSSHSession --parameters portNumber=%p`; overrides ~/.ssh/config's ProxyCommand.
     */
    proxyCommand: z.string().trim().min(1).max(2000, 'must be at most 2000 characters').optional(),
    keepaliveSeconds: z.number().int().min(0).max(3600).default(15),
  })
  .refine((s) => !(s.jump && s.proxyCommand), {
    path: ['proxyCommand'],
    message: 'set either a jump host or a proxy command, not both',
  });
export type SshSettings = z.infer<typeof SshSettings>;

/** The command that reaches `psql` inside a container or pod. */
export const ExecRunner = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('docker'), container: runnerName('expected a container name or id') }),
  z.object({ kind: z.literal('podman'), container: runnerName('expected a container name or id') }),
  z.object({
    kind: z.literal('kubectl'),
    pod: runnerName('expected a pod name'),
    namespace: runnerName('expected a namespace').optional(),
    container: runnerName('expected a container name').optional(),
    context: runnerName('expected a kubeconfig context').optional(),
  }),
  /** An argv prefix run as is (no shell), e.g. ["ssh", "db-box", "docker", "exec", "-i", "pg"]. */
  z.object({ kind: z.literal('custom'), command: z.array(z.string().min(1)).min(1, 'expected a command') }),
]);
export type ExecRunner = z.infer<typeof ExecRunner>;

export const ExecSettings = z
  .object({
    runner: ExecRunner,
    /** Required by psql and mysql; a SQLite file (engine sqlite) has neither. */
    database: argvValue('expected a database name').optional(),
    user: argvValue('expected a database user').optional(),
    /** Host and port as seen from inside the container; default: psql's own (the local socket). */
    host: argvValue('expected a host').optional(),
    port: port.optional(),
    /**
     * How the password reaches psql, never on a command line: `env` passes PGPASSWORD by name
     * (`docker exec -e PGPASSWORD`), `stdin` sends it as the first line read by a `sh` wrapper.
     * Default: env for docker/podman, stdin for kubectl and custom.
     */
    passwordVia: z.enum(['env', 'stdin']).optional(),
    psql: argvValue('expected the psql command').default('psql'),
    /** Which client runs in the container: psql (default), `mysql` (MySQL/MariaDB) or `sqlite3` on `file`. */
    engine: Dialect.optional(),
    /** The SQLite file inside the container (engine sqlite). */
    file: argvValue('expected the SQLite file path').optional(),
  })
  .refine((s) => s.engine !== 'sqlite' || !!s.file, {
    message: 'a SQLite source needs the file path inside the container',
    path: ['file'],
  })
  .refine((s) => s.engine === 'sqlite' || s.database !== undefined, {
    message: 'required',
    path: ['database'],
  })
  .refine((s) => s.engine === 'sqlite' || s.user !== undefined, { message: 'required', path: ['user'] })
  .refine((s) => !(s.runner.kind === 'kubectl' && s.passwordVia === 'env'), {
    message: 'kubectl exec cannot pass environment variables into a pod: use "stdin"',
    path: ['passwordVia'],
  });
export type ExecSettings = z.infer<typeof ExecSettings>;

const filterValues = z.array(z.string().min(1).max(500)).max(200).optional();

/** Filters a profile starts with; any left out take the usual defaults. */
export const DefaultFilters = z.object({
  timeRange: TimeRange.optional(),
  keyAliases: filterValues,
  models: filterValues,
  errorTypes: filterValues,
  statusCodes: filterValues,
  teamAliases: filterValues,
});
export type DefaultFilters = z.infer<typeof DefaultFilters>;

const common = {
  name: ProfileName,
  defaultFilters: DefaultFilters.default({}),
  /** The table of LLM calls and its mapping (DESIGN §9); absent on a PostgreSQL profile: LiteLLM. */
  source: TableSpec.optional(),
  /** Statement timeout of every read through this profile (default 30 s); the client waits just beyond it. */
  statementTimeoutSeconds: StatementTimeoutSeconds.optional(),
};

export const Profile = z.discriminatedUnion('transport', [
  z.object({ ...common, transport: z.literal('direct'), db: DirectTarget }),
  z.object({ ...common, transport: z.literal('ssh'), db: DirectTarget, ssh: SshSettings }),
  z.object({ ...common, transport: z.literal('exec'), exec: ExecSettings }),
  /** A SQLite file on this machine, opened read-only. */
  z.object({
    ...common,
    transport: z.literal('file'),
    file: z.string().trim().min(1, 'expected the path of a SQLite file'),
  }),
]);
export type Profile = z.infer<typeof Profile>;
export type ProfileInput = z.input<typeof Profile>;
export type Transport = Profile['transport'];

export const SECRET_KINDS = ['dbPassword', 'sshPassphrase', 'sshPassword'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** In `profiles.save`: a string sets the secret, null deletes it, absent keeps what is stored. */
export const ProfileSecrets = z.object({
  dbPassword: z.string().nullable().optional(),
  sshPassphrase: z.string().nullable().optional(),
  sshPassword: z.string().nullable().optional(),
});
export type ProfileSecrets = z.infer<typeof ProfileSecrets>;

export const ProfileSummary = z.object({
  profile: Profile,
  /** Which secrets the secret store holds for it (never their values). */
  hasSecret: z.object({ dbPassword: z.boolean(), sshPassphrase: z.boolean(), sshPassword: z.boolean() }),
  /** Where it points, e.g. `postgres://app@db:5432/litellm via ssh deploy@bastion:22`. */
  description: z.string(),
});
export type ProfileSummary = z.infer<typeof ProfileSummary>;

/** An SSH host key that stopped a connection; `unknown` can be accepted with `profiles.acceptHostKey`. */
export const HostKeyProblem = z.object({
  status: z.enum(['unknown', 'changed', 'revoked']),
  host: z.string(),
  port: port,
  keyType: z.string(),
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  fingerprint: z.string(),
  /** For `changed`: the fingerprints known_hosts holds for this host. */
  knownFingerprints: z.array(z.string()).default([]),
});
export type HostKeyProblem = z.infer<typeof HostKeyProblem>;

/** AppError.detail of a host-key failure is this object as JSON, so any surface can offer to accept it. */
export function parseHostKeyProblem(detail: string | undefined): HostKeyProblem | null {
  if (!detail) return null;
  try {
    const parsed = HostKeyProblem.safeParse(JSON.parse(detail));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const TestStepId = z.enum([
  'ssh-connect',
  'host-key',
  'ssh-auth',
  'tunnel',
  'exec-start',
  'database-login',
  'litellm-tables',
  'call-tables',
  'server-version',
  /** A mapped source (DESIGN §9): its table exists and the mapping fits its columns. */
  'source-table',
  /** A write inside Logdesk's read is refused by the server. */
  'read-only',
  'row-estimate',
]);
export type TestStepId = z.infer<typeof TestStepId>;

export const TEST_STEP_LABELS: Record<TestStepId, string> = {
  'ssh-connect': 'SSH connect',
  'host-key': 'Host key',
  'ssh-auth': 'SSH login',
  tunnel: 'Tunnel',
  'exec-start': 'Start psql in the container',
  'database-login': 'Database login',
  'litellm-tables': 'LiteLLM tables found',
  'call-tables': 'Tables of LLM calls',
  'server-version': 'Server version',
  'source-table': 'Table and mapping',
  'read-only': 'Read-only',
  'row-estimate': 'Row estimate',
};

export const TestStep = z.object({
  step: TestStepId,
  ok: z.boolean(),
  ms: z.number(),
  /** What was found ("PostgreSQL 15.4", "≈ 1.2M rows") or why it failed. */
  detail: z.string(),
});
export type TestStep = z.infer<typeof TestStep>;

/** An index that would speed investigations up, for the user to create (Logdesk never writes). */
export const IndexSuggestion = z.object({
  table: z.string(),
  /** The exact statement to run. */
  statement: z.string(),
  /** What it would save, with what was measured. */
  benefit: z.string(),
});
export type IndexSuggestion = z.infer<typeof IndexSuggestion>;

export const ProfileTestResult = z.object({
  ok: z.boolean(),
  /** The steps that ran, in order; on failure the last one is the one that failed. */
  steps: z.array(TestStep),
  /** Set when the SSH host key stopped the test. */
  hostKey: HostKeyProblem.optional(),
  suggestions: z.array(IndexSuggestion).optional(),
});
export type ProfileTestResult = z.infer<typeof ProfileTestResult>;

export const profilesArea = defineArea({
  'profiles.list': {
    request: z.object({}).default({}),
    response: z.object({ profiles: z.array(ProfileSummary) }),
  },
  'profiles.save': {
    /** A name that exists is refused unless `replace` is true: saving must never overwrite by accident. */
    request: z.object({
      profile: Profile,
      secrets: ProfileSecrets.optional(),
      replace: z.boolean().optional(),
    }),
    response: ProfileSummary,
  },
  'profiles.remove': {
    request: z.object({ name: ProfileName }),
    response: z.object({ removed: z.boolean() }),
  },
  'profiles.test': {
    /** A saved profile by name, or an unsaved one (with its secrets) from an edit form. */
    request: z.union([
      z.object({ name: ProfileName }),
      z.object({ profile: Profile, secrets: ProfileSecrets.optional() }),
    ]),
    response: ProfileTestResult,
  },
  'profiles.acceptHostKey': {
    /** Accepts the key last seen at host:port, only if its fingerprint is the one the user checked. */
    request: z.object({
      host: z.string().min(1, 'expected the SSH host'),
      port,
      fingerprint: z
        .string()
        .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'expected a fingerprint like SHA256:… (43 characters)'),
    }),
    response: z.object({ accepted: z.boolean(), file: z.string() }),
  },
});
