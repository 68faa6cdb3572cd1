import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * Stand-ins for the `docker` and `kubectl` clients: `docker exec -i [-e NAME]… CONTAINER CMD…` and
 * `kubectl exec -i [-n NS] POD [-c C] -- CMD…` run CMD on this machine as if inside a container
 * whose local PostgreSQL is the test server (PGHOST/PGPORT set). Like the real tools, only variables
 * named with `-e` reach the command (kubectl forwards none), and an unknown container or pod fails
 * with the real tool's message. They `exec` the command, so killing the client kills psql.
 */
export interface ContainerCli {
  dir: string;
  /** PATH with the stand-ins first (a real docker client sits in /usr/local/bin). */
  path: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Where the container's clients find their server: PGHOST/PGPORT, and MYSQL_HOST/MYSQL_TCP_PORT when given. */
interface ServerAt {
  pgHost: string;
  pgPort: number;
  mysql?: { host: string; port: number } | undefined;
}

function runAsContainer({ pgHost, pgPort, mysql }: ServerAt): string {
  const mysqlAt = mysql
    ? `\nexport MYSQL_HOST=${quote(mysql.host)} MYSQL_TCP_PORT=${quote(String(mysql.port))}`
    : '';
  return `export PGHOST=${quote(pgHost)} PGPORT=${quote(String(pgPort))}${mysqlAt}
unset PGUSER PGDATABASE PGSERVICE PGPASSFILE
command -v "$1" >/dev/null 2>&1 || {
  echo "OCI runtime exec failed: exec failed: unable to start container process: exec: \\"$1\\": executable file not found in \\$PATH: unknown" >&2
  exit 126
}
exec "$@"`;
}

function dockerScript(name: string, containers: string[], at: ServerAt): string {
  return `#!/bin/sh
[ "$1" = exec ] || { echo "${name} stand-in: only 'exec' is supported" >&2; exit 125; }
shift
forward=" "
while [ $# -gt 0 ]; do
  case "$1" in
    -i|--interactive) shift ;;
    -e|--env) forward="$forward$2 "; shift 2 ;;
    --) shift; break ;;
    -*) echo "unknown flag: $1" >&2; exit 125 ;;
    *) break ;;
  esac
done
container="$1"; shift
case " ${containers.join(' ')} " in
  *" $container "*) ;;
  *) echo "Error response from daemon: No such container: $container" >&2; exit 1 ;;
esac
case "$forward" in *" PGPASSWORD "*) ;; *) unset PGPASSWORD ;; esac
case "$forward" in *" MYSQL_PWD "*) ;; *) unset MYSQL_PWD ;; esac
${runAsContainer(at)}
`;
}

function kubectlScript(pods: string[], at: ServerAt): string {
  return `#!/bin/sh
ns=default
while [ $# -gt 0 ]; do
  case "$1" in
    --context) shift 2 ;;
    --context=*) shift ;;
    exec) shift ;;
    -i|--stdin) shift ;;
    -n|--namespace) ns="$2"; shift 2 ;;
    --namespace=*) ns="\${1#--namespace=}"; shift ;;
    -c|--container) shift 2 ;;
    --container=*) shift ;;
    --) shift; break ;;
    -*) echo "error: unknown flag: $1" >&2; exit 1 ;;
    *) pod="$1"; shift ;;
  esac
done
case " ${pods.join(' ')} " in
  *" $ns/$pod "*) ;;
  *) echo "Error from server (NotFound): pods \\"$pod\\" not found" >&2; exit 1 ;;
esac
unset PGPASSWORD MYSQL_PWD
${runAsContainer(at)}
`;
}

/** Writes the stand-ins; `pods` are `namespace/name`. */
export function installContainerCli(options: {
  pgHost: string;
  pgPort: number;
  containers: string[];
  pods: string[];
  /** The MySQL/MariaDB server a `mysql` without --host reaches inside the "container". */
  mysql?: { host: string; port: number };
}): ContainerCli {
  const dir = mkdtempSync(join(tmpdir(), 'logdesk-cli-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  };
  write('docker', dockerScript('docker', options.containers, options));
  write('podman', dockerScript('podman', options.containers, options));
  write('kubectl', kubectlScript(options.pods, options));
  const path = [dir, process.env.PATH ?? ''].join(delimiter);
  return {
    dir,
    path,
    env: { ...process.env, PATH: path },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
