import type { ResolvedQuery } from '../../../../shared/investigation.ts';
import { bucketStarts } from '../../../../shared/time-range.ts';
import type { PatternCell } from '../../insights/pattern-grouper.ts';
import type { PatternCells } from '../call-source.ts';
import { inSeriesOrder, seriesFromRows } from './dimension-series.ts';

/** Not a pattern row: the filler after the investigation's row (FLUSH_ROW in pattern-cells.ts). */
export const FLUSH_ROW = 'flush';

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** One field of a cell's key: NUL never occurs in PostgreSQL text, so no two fields run together. */
const keyPart = (v: string | null) => (v === null ? '\u0000-' : `\u0000=${v}`);

type Cell = PatternCell & { buckets: [number, number][] };

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
  private readonly byMessage = new Map<string | null, Map<string, Cell>>();
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
    const key = keyPart(model) + keyPart(keyAlias) + keyPart(errorType) + keyPart(statusCode);
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
