/**
 * The worker thread that owns one native SQLite connection (node:sqlite where the runtime has it,
 * better-sqlite3 otherwise). Native SQLite takes the file's own POSIX locks, which the OS drops when
 * the connection, thread or process ends: a killed reader leaves no lock and no file behind, readers
 * share the file, and a writer's uncommitted pages are never read. Plain JS evaluated as is, so no
 * loader is needed in tests, the CLI bundle or Electron.
 */
export const SQLITE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { file, driver, busyMs } = workerData;
let db;
function open() {
  if (driver === 'node:sqlite') {
    const { DatabaseSync } = require('node:sqlite');
    db = new DatabaseSync(file, { readOnly: true });
    return (sql, params) => db.prepare(sql).all(...params);
  }
  const Database = require(driver);
  db = new Database(file, { readonly: true, fileMustExist: true });
  return (sql, params) => {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all(...params);
    statement.run(...params);
    return [];
  };
}
let run;
try {
  run = open();
  // Waits this long for a writer's lock before "database is locked"; never reads past it.
  db.exec('PRAGMA query_only = ON; PRAGMA busy_timeout = ' + Number(busyMs));
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ ready: false, message: String((err && err.message) || err) });
}
parentPort.on('message', ({ id, sql, params }) => {
  try {
    parentPort.postMessage({ id, rows: run(sql, params) });
  } catch (err) {
    parentPort.postMessage({ id, message: String((err && err.message) || err) });
  }
});
`;
