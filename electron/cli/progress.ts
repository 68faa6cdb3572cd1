/**
 * Progress on stderr for a step that takes more than a second ("Preparing the demo database… 1.2 s"):
 * nothing for quick steps, so scripts and fast runs stay quiet. On by default where stderr is a
 * terminal; LOGDESK_PROGRESS=1 turns it on elsewhere, =0 off.
 */
export interface Progress {
  /** A new step begins (the one before, if any, ends). */
  step(message: string): void;
  done(): void;
}

const SHOW_AFTER_MS = 1_000;

export function progressOnStderr(
  write: (text: string) => void,
  enabled: boolean = progressWanted(process.env, Boolean(process.stderr.isTTY)),
  now: () => number = () => performance.now(),
): Progress {
  let current: { message: string; started: number } | null = null;
  const end = () => {
    if (!current || !enabled) return;
    const ms = now() - current.started;
    if (ms >= SHOW_AFTER_MS) write(`logdesk: ${current.message}… ${(ms / 1000).toFixed(1)} s\n`);
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

export function progressWanted(env: NodeJS.ProcessEnv, stderrIsTerminal: boolean): boolean {
  if (env.LOGDESK_PROGRESS === '1') return true;
  if (env.LOGDESK_PROGRESS === '0') return false;
  return stderrIsTerminal;
}
