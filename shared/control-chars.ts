/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts `ESC[2J`, `ESC]0;…BEL`,
 * OSC 52 writes the clipboard), DEL, C1 controls (0x9b is a one-byte CSI) and the bidi
 * overrides/isolates that reorder a line. Tab and line feed are text.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_OR_NEWLINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const visible = (c: string) => {
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
};

/** One value on one line: every control, line breaks and tabs included, shown as `\xNN`. */
export const controlsShownOneLine = (value: string): string => value.replace(UNSAFE_OR_NEWLINE, visible);

/** Text with its line breaks and tabs kept and every other control shown as `\xNN`: safe to `cat`. */
export const controlsShown = (text: string): string => text.replace(UNSAFE, visible);
