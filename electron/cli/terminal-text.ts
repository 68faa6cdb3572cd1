import { controlsShown, controlsShownOneLine } from '../../shared/control-chars.ts';

/** One value from the database or an LLM, safe to print on one line: every control shown as `\xNN`. */
export const terminalValue = controlsShownOneLine;

/** Text the CLI writes to a terminal: line breaks kept, every other control made visible. */
export const terminalText = controlsShown;
