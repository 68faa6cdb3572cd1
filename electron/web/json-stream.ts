/**
 * JSON.stringify's exact output, produced in pieces: a 100,000-row investigation is ~40 MB of JSON,
 * and one string of it (plus the Buffer `res.end` makes of it) was the web server's share of the
 * peak. Objects and arrays are walked; any part small enough (see SMALL_NODES) is handed to
 * JSON.stringify whole, so a row costs one call, not one per field or per value.
 */

/** Below this many nested values a part is stringified in one call. */
const SMALL_NODES = 256;
/** Consecutive small array items are stringified together up to this many nested values. */
const RUN_NODES = 1024;
/** Pieces are joined into chunks of about this many characters before they are written. */
const CHUNK_CHARS = 64 * 1024;

/** A primitive in an object's clothes (new Number(1)…): JSON.stringify unwraps it, so it is a leaf. */
function isWrapper(value: object): boolean {
  return (
    value instanceof Number || value instanceof String || value instanceof Boolean || value instanceof BigInt
  );
}

/** JSON.stringify's first step on a property: `toJSON(key)` where the value has one. */
function prepared(value: unknown, key: string): { value: unknown; viaToJSON: boolean } {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return { value: toJSON.call(value, key) as unknown, viaToJSON: true };
  }
  return { value, viaToJSON: false };
}

/** What JSON leaves out of an object and writes as null in an array. */
const unsayable = (value: unknown) =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

/** What is left of `left` after counting `value`'s nested values; below 0 once over (counting stops). */
function countDown(value: unknown, left: number): number {
  if (--left < 0 || typeof value !== 'object' || value === null) return left;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && left >= 0; i++) left = countDown(value[i], left);
    return left;
  }
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    left = countDown((value as Record<string, unknown>)[key], left);
    if (left < 0) break;
  }
  return left;
}

/** The end of the run of small items from `start` that JSON.stringify may take as one slice. */
function smallRun(items: unknown[], start: number, budget: number): number {
  let left = budget;
  let end = start;
  for (; end < items.length; end++) {
    const item = items[end];
    if (typeof item === 'bigint') break;
    if (
      typeof item === 'object' &&
      item !== null &&
      typeof (item as { toJSON?: unknown }).toJSON === 'function'
    )
      break;
    left = countDown(item, left);
    if (left < 0) break;
  }
  return end;
}

/**
 * `JSON.stringify(value)` in chunks of about `chunkChars` characters; their concatenation is the
 * same string (throws where JSON.stringify throws: cycles, bigints; `undefined` at the top yields
 * nothing). Chunks end between JSON tokens, never inside one.
 */
export function* jsonChunks(value: unknown, options: ChunkOptions = {}): Generator<string> {
  const { chunkChars = CHUNK_CHARS, smallNodes = SMALL_NODES, runNodes = RUN_NODES } = options;
  const ancestors = new Set<object>();
  let chunk = '';
  function* emit(v: unknown, viaToJSON: boolean): Generator<string> {
    // JSON.stringify(v) would call a toJSON of v itself: right unless v already came out of a toJSON.
    const leaf = typeof v !== 'object' || v === null || isWrapper(v);
    const ownToJSON = !leaf && viaToJSON && typeof (v as { toJSON?: unknown }).toJSON === 'function';
    if (leaf || (!ownToJSON && countDown(v, smallNodes) >= 0)) {
      const text = JSON.stringify(v) as string | undefined;
      if (text !== undefined) chunk += text;
      if (chunk.length >= chunkChars) {
        yield chunk;
        chunk = '';
      }
      return;
    }
    if (ancestors.has(v)) throw new TypeError('Converting circular structure to JSON');
    ancestors.add(v);
    if (Array.isArray(v)) {
      chunk += '[';
      for (let i = 0; i < v.length;) {
        if (i > 0) chunk += ',';
        const end = smallRun(v, i, runNodes);
        if (end > i) {
          // One call for a run of rows; each row's own toJSON would see its index in the slice, so
          // rows with one are not taken into a run.
          chunk += JSON.stringify(v.slice(i, end)).slice(1, -1);
          i = end;
          if (chunk.length >= chunkChars) {
            yield chunk;
            chunk = '';
          }
          continue;
        }
        const item = prepared(v[i], String(i));
        if (unsayable(item.value)) chunk += 'null';
        else yield* emit(item.value, item.viaToJSON);
        i++;
      }
      chunk += ']';
    } else {
      chunk += '{';
      let first = true;
      for (const key of Object.keys(v)) {
        const item = prepared((v as Record<string, unknown>)[key], key);
        if (unsayable(item.value)) continue;
        chunk += `${first ? '' : ','}${JSON.stringify(key)}:`;
        first = false;
        yield* emit(item.value, item.viaToJSON);
      }
      chunk += '}';
    }
    ancestors.delete(v);
  }
  const top = prepared(value, '');
  if (!unsayable(top.value)) yield* emit(top.value, top.viaToJSON);
  if (chunk) yield chunk;
}

/** The sizes above; 0 for both walks every value (tests). */
export interface ChunkOptions {
  chunkChars?: number;
  smallNodes?: number;
  runNodes?: number;
}

/** Where chunks go: a response or an event stream (`write` returns false when the socket is full). */
export interface ChunkSink {
  write(chunk: string): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
  readonly destroyed: boolean;
}

/**
 * Writes `value` as JSON to `sink`, waiting for 'drain' whenever the socket is full, so at most a
 * chunk or two of the text exists at once. Resolves false when the peer went away meanwhile.
 */
export async function writeJson(sink: ChunkSink, value: unknown, prefix = '', suffix = ''): Promise<boolean> {
  if (prefix && !(await put(sink, prefix))) return false;
  for (const chunk of jsonChunks(value)) if (!(await put(sink, chunk))) return false;
  return suffix ? put(sink, suffix) : true;
}

function put(sink: ChunkSink, chunk: string): Promise<boolean> | boolean {
  if (sink.destroyed) return false;
  if (sink.write(chunk)) return true;
  return new Promise((resolve) => {
    const drained = () => done(true);
    const closed = () => done(false);
    const done = (ok: boolean) => {
      sink.off('drain', drained);
      sink.off('close', closed);
      resolve(ok && !sink.destroyed);
    };
    sink.once('drain', drained);
    sink.once('close', closed);
  });
}
