import type { ErrorData } from '../../shared/errors.ts';
import { TABLE_SPEC_OPTIONS } from './table-spec-args.ts';
import {
  CANDIDATES_DETAIL,
  shellArgs,
  type CallLogCandidate,
} from '../engine/sources/call-log-candidates.ts';

/** Flags that name the table and its mapping: replaced by each candidate's own (the boolean ones take no value). */
const TABLE_FLAGS = new Set(Object.keys(TABLE_SPEC_OPTIONS).map((k) => `--${k}`));
const BOOLEAN_FLAGS = new Set(
  Object.entries(TABLE_SPEC_OPTIONS)
    .filter(([, o]) => o.type === 'boolean')
    .map(([k]) => `--${k}`),
);

/** The URL without its password (the command reads it from PGPASSWORD / MYSQL_PWD, never from argv). */
function withoutPassword(arg: string): string {
  try {
    const url = new URL(arg);
    if (!url.password) return arg;
    url.password = '';
    return url.toString();
  } catch {
    return arg;
  }
}

/** The user's own command with each call-log table's arguments: commands to copy, one per candidate. */
export function tableHint(error: ErrorData, argv: readonly string[]): string {
  if (!error.detail?.startsWith(CANDIDATES_DETAIL)) return '';
  const candidates = JSON.parse(error.detail.slice(CANDIDATES_DETAIL.length)) as CallLogCandidate[];
  if (!candidates.length) return '';
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = arg.split('=')[0]!;
    if (TABLE_FLAGS.has(flag)) {
      if (!arg.includes('=') && !BOOLEAN_FLAGS.has(flag)) i++;
      continue;
    }
    kept.push(argv[i - 1] === '--url' ? withoutPassword(arg) : arg);
  }
  const lines = candidates.map((c) => `  logdesk ${shellArgs([...kept, ...c.args])}`);
  return `Run one of:\n${lines.join('\n')}\n`;
}
