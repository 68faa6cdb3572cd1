import type { ResolvedQuery } from '../../../../shared/investigation.ts';
import { bucketStarts } from '../../../../shared/time-range.ts';
import type { PatternCell } from '../../insights/pattern-grouper.ts';
import type { PatternCells } from '../call-source.ts';
import { inSeriesOrder, seriesFromRows } from './dimension-series.ts';

/**
 * `dim` of the row right after the investigation's in investigationWithPatternRowsSql: it fills the
 * server's 8 KB send buffer, so the answer leaves at once instead of with the next rows (≈ 0.1–0.4 s
 * later at 1M rows, measured). Not a pattern row: add() skips it.
 */
export const FLUSH_ROW = 'flush';

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

type Cell = PatternCell & { buckets: [number, number][] };

/** Ids stay below this: two of them make one exact number (id × PAIR + id < 2^52), as do two pair ids. */
const PAIR = 2 ** 26;

/** Numbers 0, 1, 2… for the distinct values seen. */
class Ids<T> {
  private readonly ids = new Map<T, number>();
  id(value: T): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(value, id);
    }
    return id;
  }
}

/**
 * The Node half of the raw path, fed one pattern row at a time as they arrive (patternRowSelects:
 * error rows newest first, each with its bucket number `b`, then series rows ranked by `rn`). Errors
 * become cells of one message, model, key alias, error type and status, in the order of their newest
 * error (finer than the mask, so the grouper groups them as every row). Rows are not kept. (Masking
 * each new text here as it arrived cost more than it overlapped: its garbage made every young-space
 * collection copy the cells built meanwhile, 1.4 s instead of 0.75 s at 50k rows, measured.)
 */
export class PatternRowCells {
  /** Error rows seen, cells built or not (past `limit` they are only counted). */
  errors = 0;
  private readonly byMessage = new Map<string | null, Map<number, Cell>>();
  private readonly models = new Ids<string | null>();
  private readonly aliases = new Ids<string | null>();
  private readonly types = new Ids<string>();
  private readonly statuses = new Ids<string | null>();
  private readonly pairs = new Ids<number>();
  private readonly cells: Cell[] = [];
  private readonly seriesRows: Record<string, unknown>[] = [];
  private readonly buckets: string[];
  private readonly firstBucket: number;
  private lastTime = '';
  /** A row newer than the one before it: the order cells are added in would not be the rows'. */
  private outOfOrder = false;

  constructor(
    private readonly query: ResolvedQuery,
    private readonly limit: number,
  ) {
    // Cells are keyed for at most `limit` rows, so every id stays below PAIR and keys stay exact.
    if (!(limit < PAIR)) throw new Error(`the pattern rows' limit must be below ${PAIR}, got ${limit}`);
    this.buckets = bucketStarts(query, query.bucketSeconds);
    this.firstBucket = Math.floor(Date.parse(this.buckets[0] ?? query.from) / (query.bucketSeconds * 1000));
  }

  /** True when more error rows came than `limit`: the cells are then to be keyed in SQL. */
  get overLimit(): boolean {
    return this.errors > this.limit;
  }

  add(r: Record<string, unknown>): void {
    if (r.dim !== null && r.dim !== undefined) {
      if (r.dim !== FLUSH_ROW) this.seriesRows.push(r);
      return;
    }
    if (++this.errors > this.limit) {
      this.byMessage.clear();
      this.cells.length = 0;
      return;
    }
    const time = String(r.time);
    // One ISO format: text order is time order. Never thrown here (a driver's row event).
    if (this.lastTime !== '' && time > this.lastTime) this.outOfOrder = true;
    this.lastTime = time;
    const message = text(r.error_message);
    const model = text(r.model);
    const keyAlias = text(r.key_alias);
    const errorType = String(r.error_type);
    const statusCode = text(r.status_code);
    // By the message first: the string's hash is computed once, here, and reused by the grouper's lookups.
    let inMessage = this.byMessage.get(message);
    if (!inMessage) {
      inMessage = new Map();
      this.byMessage.set(message, inMessage);
    }
    // Each field as a small number (its distinct values are few), the four as one number: no string is built.
    const key =
      this.pairs.id(this.models.id(model) * PAIR + this.aliases.id(keyAlias)) * PAIR +
      this.pairs.id(this.types.id(errorType) * PAIR + this.statuses.id(statusCode));
    let cell = inMessage.get(key);
    if (!cell) {
      const example = {
        requestId: String(r.request_id),
        time,
        model,
        keyAlias,
        errorType,
        statusCode,
        errorMessage: message,
      };
      cell = { example, count: 0, firstSeen: time, lastSeen: time, buckets: [] };
      inMessage.set(key, cell);
      this.cells.push(cell);
    }
    cell.count++;
    // Rows come newest first: each is the oldest so far, and its bucket the same or an earlier one.
    cell.firstSeen = time;
    const bucket = Number(r.b) - this.firstBucket;
    const last = cell.buckets[cell.buckets.length - 1];
    if (last && last[0] === bucket) last[1]++;
    else cell.buckets.push([bucket, 1]);
  }

  /** The cells and dense series; null when the rows did not come newest first (never with our SQL). */
  result(): PatternCells | null {
    if (this.outOfOrder || this.overLimit) return null;
    const { query, buckets } = this;
    const bucketIso = (row: Record<string, unknown>) =>
      new Date(Number(row.b) * query.bucketSeconds * 1000).toISOString();
    const ordered = this.seriesRows.sort((a, b) => Number(a.rn) - Number(b.rn));
    return { cells: this.cells, series: inSeriesOrder(seriesFromRows(ordered, buckets, bucketIso)) };
  }
}
