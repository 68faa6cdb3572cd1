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

/**
 * Values shaped like an option of a client an exec profile runs (issue #18): each would make
 * that client write, run a file, or reach elsewhere if it landed on the argv as an option.
 * `{canary}` is replaced with the canary table's name in the engine under test.
 */
export const OPTION_SHAPED: Record<'mysql' | 'psql' | 'sqlite3' | 'docker' | 'kubectl', string[]> = {
  mysql: [
    `--init-command=INSERT INTO {canary} VALUES ('pwned')`,
    `--execute=INSERT INTO {canary} VALUES ('pwned')`,
    `--database=--init-command=INSERT INTO {canary} VALUES ('pwned')`,
    `-e INSERT INTO {canary} VALUES ('pwned')`,
  ],
  psql: [
    `--command=INSERT INTO {canary} VALUES ('pwned')`,
    `-c INSERT INTO {canary} VALUES ('pwned')`,
    '--set=ON_ERROR_STOP=0',
    '--file=/tmp/logdesk-evil.sql',
  ],
  sqlite3: ['-cmd', '-init /tmp/logdesk-evil.sql', '-deserialize', '  -A'],
  docker: ['--privileged', '--user=root', '-u root', '--env=MYSQL_PWD=x'],
  kubectl: ['--kubeconfig=/tmp/evil', '--as=system:admin', '-n=kube-system', '--server=http://127.0.0.1:9'],
};
