/**
 * Progress on stderr for a step that takes more than a second ("Preparing the demo database… 1.2 s"):
 * nothing for quick steps, so scripts and fast runs stay quiet. On by default where stderr is a
 * terminal; LOGDESK_PROGRESS=1 turns it on elsewhere, =0 off, =all names every step however quick
 * (where the time goes; also what makes a test of it independent of the machine's speed).
 */
export interface Progress {
  /** A new step begins (the one before, if any, ends). */
  step(message: string): void;
  done(): void;
}

/** Off, or on for steps that took at least `afterMs`. */
export type ProgressMode = false | { afterMs: number };

const SHOW_AFTER_MS = 1_000;

export function progressOnStderr(
  write: (text: string) => void,
  mode: ProgressMode = progressWanted(process.env, Boolean(process.stderr.isTTY)),
  now: () => number = () => performance.now(),
): Progress {
  let current: { message: string; started: number } | null = null;
  const end = () => {
    if (!current || !mode) return;
    const ms = now() - current.started;
    if (ms >= mode.afterMs) write(`logdesk: ${current.message}… ${(ms / 1000).toFixed(1)} s\n`);
    current = null;
  };
  return {
    step(message) {
      if (current?.message === message) return;
      end();
      current = { message, started: now() };
    },
    done: end,
  };
}

export function progressWanted(env: NodeJS.ProcessEnv, stderrIsTerminal: boolean): ProgressMode {
  const slowSteps = { afterMs: SHOW_AFTER_MS };
  switch (env.LOGDESK_PROGRESS) {
    case 'all':
      return { afterMs: 0 };
    case '1':
      return slowSteps;
    case '0':
      return false;
    default:
      return stderrIsTerminal ? slowSteps : false;
  }
}
