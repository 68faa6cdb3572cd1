import { createRequire } from 'node:module';

/** Which native SQLite binding reads files: `node:sqlite` or the resolved path of better-sqlite3. */
export type SqliteDriver = string;

const require = createRequire(import.meta.url);

function hasNodeSqlite(): boolean {
  try {
    require('node:sqlite');
    return true;
  } catch {
    return false;
  }
}

let chosen: SqliteDriver | undefined;

/**
 * Node's own `node:sqlite` where the runtime has it (Electron 41, Node ≥ 22.13: nothing to rebuild
 * for Electron's ABI), else better-sqlite3 (Node 20). `LOGDESK_SQLITE_DRIVER=better-sqlite3` or
 * `node:sqlite` picks one, to compare them.
 */
export function sqliteDriver(): SqliteDriver {
  if (chosen) return chosen;
  const wanted = process.env.LOGDESK_SQLITE_DRIVER;
  if (wanted === 'node:sqlite' || (wanted !== 'better-sqlite3' && hasNodeSqlite())) chosen = 'node:sqlite';
  else chosen = require.resolve('better-sqlite3');
  return chosen;
}

/** A name to show: which binding read the file. */
export function driverName(driver: SqliteDriver): string {
  return driver === 'node:sqlite' ? 'node:sqlite' : 'better-sqlite3';
}
