import { parseArgs } from 'node:util';
import { Profile, type ExecRunner, type ProfileInput, type SshAuth } from '../../shared/contract/profiles.ts';
import { AppError, describeZodError } from '../../shared/errors.ts';
import { parseDuration } from '../../shared/time-range.ts';
import { isSqliteLocation, parseSourceUrl } from '../../shared/source-url.ts';
import { localUrlOptions } from '../engine/db/open-database.ts';
import { parseTableSpec, TABLE_SPEC_OPTIONS } from './table-spec-args.ts';

export const ADD_OPTIONS = {
  transport: { type: 'string' },
  url: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  database: { type: 'string' },
  user: { type: 'string' },
  tls: { type: 'string' },
  'ca-file': { type: 'string' },
  'ssh-host': { type: 'string' },
  'ssh-port': { type: 'string' },
  'ssh-user': { type: 'string' },
  'ssh-key': { type: 'string' },
  'ssh-agent': { type: 'boolean' },
  'ssh-password': { type: 'boolean' },
  jump: { type: 'string' },
  'proxy-command': { type: 'string' },
  keepalive: { type: 'string' },
  docker: { type: 'string' },
  podman: { type: 'string' },
  kubectl: { type: 'string' },
  namespace: { type: 'string' },
  container: { type: 'string' },
  context: { type: 'string' },
  command: { type: 'string' },
  'password-via': { type: 'string' },
  psql: { type: 'string' },
  engine: { type: 'string' },
  file: { type: 'string' },
  ...TABLE_SPEC_OPTIONS,
  since: { type: 'string' },
  'key-alias': { type: 'string', multiple: true },
  model: { type: 'string', multiple: true },
  'error-type': { type: 'string', multiple: true },
  replace: { type: 'boolean' },
  test: { type: 'boolean' },
} as const;

export const ADD_USAGE = `Usage: logdesk profiles add NAME --transport direct|ssh|exec [options]

Database (direct and ssh; host and port as the SSH server sees them for ssh):
  --url postgres://USER@HOST[:PORT]/DB[?sslmode=require]   (no password: see Secrets)
  --host H --port P --database DB --user U --tls disable|require|verify-full --ca-file FILE
SSH (--transport ssh):
  --ssh-host HOST|ALIAS  host name or a ~/.ssh/config Host alias
  --ssh-port P --ssh-user U
  --ssh-key FILE | --ssh-agent | --ssh-password     how to log in (default: ssh-agent)
  --jump [USER@]HOST[:PORT]   jump host (default: ProxyJump of ~/.ssh/config)
  --proxy-command "CMD"  reach the SSH server through CMD's stdin/stdout, %h %p %r expanded
                         (default: ProxyCommand of ~/.ssh/config), e.g. "aws ssm start-session …"
  --keepalive SECONDS    (default 15)
Exec (--transport exec): psql inside a container or pod
  --docker CONTAINER | --podman CONTAINER | --kubectl POD [--namespace NS] [--container C] [--context CTX]
  --command "PREFIX ..."  any other prefix, e.g. "ssh db-box docker exec -i pg"
  --database DB --user U [--host H --port P (inside the container)] [--psql PATH]
                         (none may start with "-": a client would read it as an option)
  --password-via env|stdin   env: PGPASSWORD passed by name (-e PGPASSWORD); stdin: read by sh
Other engines and tables of LLM calls (llm_tracker_usage, <app>_llmcalllog, request_logs map themselves):
  --url mysql://USER@HOST[:PORT]/DB | --engine mysql   MySQL/MariaDB (direct, ssh, exec with mysql)
  --url sqlite:///ABS/PATH.db | --file PATH.db         a local SQLite file (transport file)
  --engine sqlite --file PATH (with --docker/--kubectl) a SQLite file inside a container, via sqlite3
                         (no --database or --user)
  --table NAME --map FIELD=COLUMN (repeatable) --success-values V,V   the table and its mapping;
                         FIELD=COLUMN->TABLE.COLUMN reads the field through a lookup table
  --price-table NAME --price PART=COLUMN (repeatable) | --no-price-table   the price table, as for
                         investigate; --rollup-table NAME | --no-rollup-table   the roll-up table
Default filters: --since 24h --key-alias A --model M --error-type T (repeatable)
Secrets never go on the command line: the database password is read from PGPASSWORD (MYSQL_PWD
for MySQL/MariaDB; later runs: that variable or LOGDESK_SECRET_PROFILE_<NAME>_DBPASSWORD), the SSH
passphrase from LOGDESK_SSH_PASSPHRASE, the SSH password from LOGDESK_SSH_PASSWORD, or asked
with a hidden prompt when stdin is a terminal.
  --replace              overwrite a profile of the same name
  --test                 test the connection right after saving`;

export type AddValues = ReturnType<
  typeof parseArgs<{ options: typeof ADD_OPTIONS; allowPositionals: true }>
>['values'];

const bad = (message: string) => new AppError('BAD_ARGUMENT', message);

function portOf(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535)
    throw bad(`--${flag}: expected a port from 1 to 65535, got "${text}"`);
  return n;
}

/** Splits a command prefix on spaces, honouring '…' and "…" quoting (no shell runs it). */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(text))) words.push(match[1] ?? match[2] ?? match[3]!);
  return words;
}

function database(v: AddValues) {
  if (v.url !== undefined) {
    if (/^[a-z]+:\/\/[^/@]*:[^/@]*@/i.test(v.url))
      throw bad(
        '--url: leave the password out (it would show in the process list); PGPASSWORD or the prompt provide it',
      );
    const parsed = parseSourceUrl(v.url, localUrlOptions());
    if (parsed.engine === 'sqlite') throw bad('--url: a SQLite file is its own transport (--transport file)');
    return parsed.engine === 'mysql' ? { ...parsed.target, tls: 'disable', engine: 'mysql' } : parsed.target;
  }
  const mysql = v.engine === 'mysql';
  return {
    host: v.host,
    port: portOf('port', v.port) ?? (mysql ? 3306 : 5432),
    ...(mysql ? { engine: 'mysql' } : {}),
    database: v.database,
    user: v.user,
    ...(v.tls ? { tls: v.tls } : {}),
    ...(v['ca-file'] ? { caFile: v['ca-file'] } : {}),
  };
}

function sshAuth(v: AddValues): SshAuth {
  const chosen = [
    v['ssh-key'] !== undefined && '--ssh-key',
    v['ssh-agent'] && '--ssh-agent',
    v['ssh-password'] && '--ssh-password',
  ].filter(Boolean);
  if (chosen.length > 1) throw bad(`choose one SSH login: ${chosen.join(' and ')} were both given`);
  if (v['ssh-key'] !== undefined) return { method: 'key', keyFile: v['ssh-key'] };
  if (v['ssh-password']) return { method: 'password' };
  return { method: 'agent' };
}

function execRunner(v: AddValues): ExecRunner {
  const chosen = (['docker', 'podman', 'kubectl', 'command'] as const).filter((k) => v[k] !== undefined);
  if (chosen.length !== 1)
    throw bad(
      `--transport exec needs exactly one of --docker, --podman, --kubectl, --command${chosen.length ? ` (got ${chosen.map((c) => `--${c}`).join(', ')})` : ''}`,
    );
  const kind = chosen[0]!;
  if (kind === 'docker' || kind === 'podman') return { kind, container: v[kind]! };
  if (kind === 'kubectl') {
    return {
      kind,
      pod: v.kubectl!,
      ...(v.namespace ? { namespace: v.namespace } : {}),
      ...(v.container ? { container: v.container } : {}),
      ...(v.context ? { context: v.context } : {}),
    };
  }
  return { kind: 'custom', command: splitCommand(v.command!) };
}

/** Builds and validates the profile `add` describes; BAD_ARGUMENT names the flag at fault. */
export function profileFromArgs(name: string, v: AddValues): Profile {
  if (v.engine !== undefined && !['postgres', 'mysql', 'sqlite'].includes(v.engine)) {
    throw bad(`--engine: expected postgres, mysql or sqlite, got "${v.engine}"`);
  }
  const sqliteUrl = v.url !== undefined && isSqliteLocation(v.url);
  const transport =
    v.transport ??
    (v['ssh-host']
      ? 'ssh'
      : v.docker || v.podman || v.kubectl || v.command
        ? 'exec'
        : sqliteUrl || (v.file && v.engine !== 'mysql')
          ? 'file'
          : 'direct');
  const spec = parseTableSpec(v);
  if (v.since !== undefined && parseDuration(v.since) === null)
    throw bad(`--since: expected a duration like 90m, 24h or 7d, got "${v.since}"`);
  const defaultFilters = {
    ...(v.since ? { timeRange: { kind: 'relative', last: v.since } } : {}),
    ...(v['key-alias'] ? { keyAliases: v['key-alias'] } : {}),
    ...(v.model ? { models: v.model } : {}),
    ...(v['error-type'] ? { errorTypes: v['error-type'] } : {}),
  };
  let input: ProfileInput;
  if (transport === 'direct') input = { name, transport, db: database(v), defaultFilters } as ProfileInput;
  else if (transport === 'file') {
    const parsed = v.url !== undefined ? parseSourceUrl(v.url, localUrlOptions()) : undefined;
    const file = parsed?.engine === 'sqlite' ? parsed.file : v.file;
    if (!file) throw bad('--transport file needs --file PATH.db or --url sqlite:///ABS/PATH.db');
    input = { name, transport, file, defaultFilters } as ProfileInput;
  } else if (transport === 'ssh') {
    if (!v['ssh-host']) throw bad('--transport ssh needs --ssh-host (a host name or a ~/.ssh/config alias)');
    const ssh = {
      host: v['ssh-host'],
      ...(v['ssh-port'] ? { port: portOf('ssh-port', v['ssh-port']) } : {}),
      ...(v['ssh-user'] ? { user: v['ssh-user'] } : {}),
      auth: sshAuth(v),
      ...(v.jump ? { jump: v.jump } : {}),
      ...(v['proxy-command'] ? { proxyCommand: v['proxy-command'] } : {}),
      ...(v.keepalive ? { keepaliveSeconds: Number(v.keepalive) } : {}),
    };
    input = { name, transport, db: database(v), ssh, defaultFilters } as ProfileInput;
  } else if (transport === 'exec') {
    const exec = {
      runner: execRunner(v),
      database: v.database,
      user: v.user,
      ...(v.host ? { host: v.host } : {}),
      ...(v.port ? { port: portOf('port', v.port) } : {}),
      ...(v['password-via'] ? { passwordVia: v['password-via'] } : {}),
      ...(v.psql ? { psql: v.psql } : {}),
      ...(v.engine && v.engine !== 'postgres' ? { engine: v.engine } : {}),
      ...(v.file ? { file: v.file } : {}),
    };
    input = { name, transport, exec, defaultFilters } as ProfileInput;
  } else throw bad(`--transport: expected direct, ssh, exec or file, got "${transport}"`);
  if (spec) input = { ...input, source: spec } as ProfileInput;
  const parsed = Profile.safeParse(input);
  if (!parsed.success) {
    const message = describeZodError(parsed.error, 'profile');
    const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    // The runner's fields come from --docker/--podman/--kubectl and their companions.
    const runnerFlag = (field: string) =>
      field === 'pod'
        ? 'kubectl'
        : field === 'container' && input.transport === 'exec' && input.exec.runner.kind !== 'kubectl'
          ? input.exec.runner.kind
          : field;
    throw bad(
      message
        .replace(
          /(^|; )exec\.runner\.(\w+)/g,
          (_m, sep: string, field: string) => `${sep}--${runnerFlag(field)}`,
        )
        .replace(/(^|; )(?:db|exec)\.(\w+)/g, (_m, sep: string, field: string) => `${sep}--${kebab(field)}`)
        .replace(/(^|; )ssh\.(\w+)/g, (_m, sep: string, field: string) => `${sep}--ssh-${kebab(field)}`),
    );
  }
  return parsed.data;
}
