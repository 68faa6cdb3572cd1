import { z } from 'zod';

/**
 * Values of an exec profile that end up in a client's argv (`docker`, `kubectl`, `psql`, `mysql`,
 * `sqlite3`). One starting with "-" would be read as an option (`--init-command=INSERT …` made
 * `mysql` write, issue #18), and a control character has no place in a name: both are refused here,
 * where every surface (CLI, app, web API, the profiles file) parses a profile.
 */
export const OPTION_MESSAGE = 'must not start with "-" (the client would read it as an option)';
const CONTROL_MESSAGE = 'must not contain control characters (line breaks, NUL, escapes)';
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function argvValue(expected: string) {
  return z
    .string()
    .trim()
    .min(1, expected)
    .max(1000, 'must be at most 1000 characters')
    .refine((v) => !v.startsWith('-'), OPTION_MESSAGE)
    .refine((v) => !CONTROL.test(v), CONTROL_MESSAGE);
}

/**
 * Container, pod, namespace and context names: what Docker and Kubernetes themselves allow
 * (letters, digits, `_ . - : / @`, starting with a letter or digit), so no shell or client can
 * read more into them.
 */
export function runnerName(expected: string) {
  return argvValue(expected).refine(
    (v) => v.startsWith('-') || /^[A-Za-z0-9][A-Za-z0-9_.:/@-]*$/.test(v),
    'use letters, digits and _ . - : / @ (starting with a letter or digit)',
  );
}
