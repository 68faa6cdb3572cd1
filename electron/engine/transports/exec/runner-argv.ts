import type { ExecRunner } from '../../../../shared/contract/profiles.ts';

/**
 * The argv that runs `inner` inside the container or pod. Every name sits where the client cannot
 * read it as an option (the contract refuses a leading "-" too; this is the second lock): docker and
 * podman take the container after `--`, kubectl its flags in `--flag=VALUE` form and the command
 * after `--`. `forward` names the variables `docker exec -e` passes in (kubectl passes none).
 */
export function runnerArgv(
  runner: ExecRunner,
  inner: readonly string[],
  forward: readonly string[] = [],
): [string, ...string[]] {
  switch (runner.kind) {
    case 'docker':
    case 'podman':
      return [
        runner.kind,
        'exec',
        '-i',
        ...forward.flatMap((name) => ['-e', name]),
        '--',
        runner.container,
        ...inner,
      ];
    case 'kubectl':
      return [
        'kubectl',
        ...(runner.context ? [`--context=${runner.context}`] : []),
        'exec',
        '-i',
        ...(runner.namespace ? [`--namespace=${runner.namespace}`] : []),
        ...(runner.container ? [`--container=${runner.container}`] : []),
        runner.pod,
        '--',
        ...inner,
      ];
    case 'custom':
      return [runner.command[0]!, ...runner.command.slice(1), ...inner];
  }
}

/** `--name=VALUE`: one argv word, so VALUE is never read as an option of its own. */
export const optionValue = (name: string, value: string | number | undefined): string[] =>
  value === undefined ? [] : [`--${name}=${value}`];
