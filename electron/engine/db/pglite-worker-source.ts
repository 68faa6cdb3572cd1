/**
 * The worker thread that owns the demo's PGlite. PGlite runs PostgreSQL as WASM on the thread that
 * calls it: its open (WASM init, loading the snapshot, starting PostgreSQL, ≈ 1 s) and every
 * statement would otherwise hold the engine's one thread, and `logdesk web` could not serve the
 * page's own files meanwhile. Plain JS evaluated as is (no loader in tests, the CLI bundle or
 * Electron); PGlite is required from the path the engine resolved.
 *
 * Messages: `{ id, op: 'query' | 'exec', sql, params }` → `{ id, rows }` or `{ id, error }` (the
 * error's own fields: message, code, severity… for the dialect's mapping); `{ id, op: 'close' }`.
 * The first message out is `{ ready: true }` or `{ ready: false, error }`.
 */
export const PGLITE_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require(workerData.pglite);

// PGlite only calls arrayBuffer() on the snapshot: hand it the transferred bytes without a copy.
class BytesBlob extends Blob {
  constructor(bytes) { super([]); this.bytes = bytes; }
  arrayBuffer() {
    const b = this.bytes;
    return Promise.resolve(b.byteOffset === 0 && b.byteLength === b.buffer.byteLength
      ? b.buffer : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  }
}

function errorData(err) {
  const data = { message: String((err && err.message) || err) };
  if (err && typeof err === 'object')
    for (const [k, v] of Object.entries(err)) if (typeof v === 'string' || typeof v === 'number') data[k] = v;
  return data;
}

let db;
// One message at a time, in order: a transaction's statements must not interleave with another's.
let queue = Promise.resolve();
async function handle({ id, op, sql, params }) {
  try {
    if (op === 'close') {
      if (db && !db.closed) await db.close();
      parentPort.postMessage({ id, rows: [] });
    } else if (op === 'exec') {
      await db.exec(sql);
      parentPort.postMessage({ id, rows: [] });
    } else {
      const result = await db.query(sql, params || []);
      parentPort.postMessage({ id, rows: result.rows });
    }
  } catch (err) {
    parentPort.postMessage({ id, error: errorData(err) });
  }
}
parentPort.on('message', (message) => {
  queue = queue.then(() => handle(message));
});

PGlite.create({ loadDataDir: new BytesBlob(workerData.tar) }).then(
  (opened) => {
    db = opened;
    parentPort.postMessage({ ready: true });
  },
  (err) => parentPort.postMessage({ ready: false, error: errorData(err) }),
);
`;
