/** Values a spreadsheet, a CSV reader or an HTML page chokes on, or runs. */
export const HOSTILE_CELLS = [
  `=cmd|' /C calc'!A0`,
  '+SUM(1,2)',
  '-2+3',
  '@SUM(A1)',
  '\t=1+1',
  '\r=1+1',
  'say "hi", then leave',
  'line one\nline two\r\nline three',
  '"',
  '""',
  ',',
  ' padded ',
  'équipe-données — ☃ 日本語',
  '',
  // Cells only a `;`-separator locale splits, one of them a formula.
  'x;=1+1;@SUM(1)',
  'a,-1',
];

/** Terminal escapes a `cat` of a report would run: OSC 52 (set the clipboard), OSC 0 (window title), CSI (clear), C1 CSI, BEL. */
export const TERMINAL_ESCAPES = '\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b]0;pwned\x07\x1b[2J\x9b31m\x07';

/** Markup that must show as text in a report, never run or load anything. */
export const HOSTILE_HTML = `<script>window.pwned = 1</script><img src="http://127.0.0.1:9/pixel.png" onerror="window.pwned = 2"><style>body{display:none}</style></td></tr></table></details>`;
