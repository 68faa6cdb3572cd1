/**
 * The worker thread that owns one native SQLite connection (node:sqlite where the runtime has it,
 * better-sqlite3 otherwise). Native SQLite takes the file's own POSIX locks, which the OS drops when
 * the connection, thread or process ends: a killed reader leaves no lock and no file behind, readers
 * share the file, and a writer's uncommitted pages are never read. Plain JS evaluated as is, so no
 * loader is needed in tests, the CLI bundle or Electron.
 */
export const SQLITE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { file, driver, busyMs, readOnlyBegin } = workerData;
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
  db.exec(readOnlyBegin + '; PRAGMA busy_timeout = ' + Number(busyMs));
  parentPort.postMessage({ ready: true });
} catch (err) {
  parentPort.postMessage({ ready: false, message: String((err && err.message) || err) });
}
// Open streams: one statement's rows handed out a page at a time (patterns read every failure).
const streams = new Map();
function page(stream, size) {
  const rows = [];
  while (rows.length < size) {
    const next = stream.rows.next();
    if (next.done) break;
    rows.push(next.value);
  }
  return rows;
}
parentPort.on('message', ({ id, sql, params, stream, pageSize, drain }) => {
  try {
    if (drain !== undefined) {
      const open = streams.get(drain);
      streams.delete(drain);
      if (open && open.rows.return) open.rows.return();
      parentPort.postMessage({ id, rows: [] });
    } else if (stream !== undefined) {
      if (!streams.has(stream)) streams.set(stream, { rows: db.prepare(sql).iterate(...params) });
      const rows = page(streams.get(stream), pageSize);
      // A stream read to its end is gone: an id never finds a spent statement.
      if (rows.length < pageSize) streams.delete(stream);
      parentPort.postMessage({ id, rows });
    } else {
      parentPort.postMessage({ id, rows: run(sql, params) });
    }
  } catch (err) {
    parentPort.postMessage({ id, message: String((err && err.message) || err) });
  }
});
`;
