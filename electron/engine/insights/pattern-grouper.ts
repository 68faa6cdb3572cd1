import { createHash } from 'node:crypto';
import type { GroupedPattern, PatternExample, ValueShare } from '../../../shared/analysis.ts';
import type { ErrorRow } from '../../../shared/investigation.ts';
import { Drain, finalTemplates, type DrainOptions } from './drain.ts';
import { maskMessage } from './mask.ts';

/** Distinct values counted per pattern and dimension; the rest is summed under "(other)". */
const MAX_DISTINCT = 100;
const TOP_VALUES = 10;
const OTHER = '(other)';

interface Stats {
  count: number;
  firstSeen: string;
  lastSeen: string;
  models: Map<string | null, number>;
  keyAliases: Map<string | null, number>;
  errorTypes: Map<string | null, number>;
  series: Uint32Array;
  example: PatternExample;
}

export type CellExample = Pick<ErrorRow, 'requestId' | 'time' | 'model' | 'keyAlias' | 'errorType' | 'statusCode' | 'errorMessage'>;

/** Errors of one grouping text, model, key alias and error type, pre-grouped by the database. */
export interface PatternCell {
  /** The newest of these errors (its message is what is masked and grouped). */
  example: CellExample;
  count: number;
  firstSeen: string;
  lastSeen: string;
  /** [bucket index on the grid, errors] pairs. */
  buckets: readonly (readonly [number, number])[];
}

export interface BucketGrid {
  /** Start of the first bucket, epoch ms. */
  startMs: number;
  bucketSeconds: number;
  count: number;
}

/** Counts `n` errors of one value; values first seen once MAX_DISTINCT are known go to "(other)". */
function bump(map: Map<string | null, number>, value: string | null, n: number): void {
  const current = map.get(value);
  if (current !== undefined) map.set(value, current + n);
  else if (map.size < MAX_DISTINCT) map.set(value, n);
  else map.set(OTHER, (map.get(OTHER) ?? 0) + n);
}

function top(map: Map<string | null, number>): ValueShare[] {
  return [...map]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)))
    .slice(0, TOP_VALUES);
}

function addInto(into: Map<string | null, number>, from: Map<string | null, number>): void {
  for (const [value, count] of from) into.set(value, (into.get(value) ?? 0) + count);
}

/** Stats of clusters reported as one pattern; the example is the largest cluster's. */
function combine(parts: readonly Stats[]): Stats {
  const [first, ...rest] = [...parts].sort((a, b) => b.count - a.count);
  const out: Stats = { ...first!, models: new Map(first!.models), keyAliases: new Map(first!.keyAliases), errorTypes: new Map(first!.errorTypes), series: first!.series.slice() };
  for (const s of rest) {
    out.count += s.count;
    if (s.firstSeen < out.firstSeen) out.firstSeen = s.firstSeen;
    if (s.lastSeen > out.lastSeen) out.lastSeen = s.lastSeen;
    addInto(out.models, s.models);
    addInto(out.keyAliases, s.keyAliases);
    addInto(out.errorTypes, s.errorTypes);
    for (let i = 0; i < s.series.length; i++) out.series[i]! += s.series[i]!;
  }
  return out;
}

/** The text that is grouped: the message, or the error type when a row has none. */
export function groupingText(row: Pick<ErrorRow, 'errorMessage' | 'errorType'>): string {
  const message = row.errorMessage?.trim();
  return message ? message : `${row.errorType} (no message)`;
}

/**
 * Streams error rows into Drain clusters and keeps, per cluster, what the pattern view shows: counts,
 * first/last seen, models, keys, error types, a per-bucket series and one example. Memory grows with
 * the number of templates, not the number of rows.
 */
export class PatternGrouper {
  private readonly drain: Drain;
  private readonly stats: Stats[] = [];
  private rows = 0;

  constructor(
    private readonly grid: BucketGrid,
    options: DrainOptions = {},
  ) {
    this.drain = new Drain(options);
  }

  get total(): number {
    return this.rows;
  }

  add(row: ErrorRow): void {
    const bucket = Math.floor((Date.parse(row.time) - this.grid.startMs) / (this.grid.bucketSeconds * 1000));
    this.addCell({ example: row, count: 1, firstSeen: row.time, lastSeen: row.time, buckets: [[bucket, 1]] });
  }

  /**
   * Adds `count` errors that share one grouping text, model, key alias and error type, as if their
   * rows were added one by one. Cells must come in the order of their newest row (newest first), as
   * rows do: Drain, the example and which values are counted before "(other)" depend on that order.
   */
  addCell(cell: PatternCell): void {
    const row = cell.example;
    const text = groupingText(row);
    const cluster = this.drain.add(maskMessage(text), cell.count);
    let s = this.stats[cluster.id];
    if (!s) {
      s = {
        count: 0,
        firstSeen: cell.firstSeen,
        lastSeen: cell.lastSeen,
        models: new Map(),
        keyAliases: new Map(),
        errorTypes: new Map(),
        series: new Uint32Array(this.grid.count),
        example: {
          requestId: row.requestId,
          time: row.time,
          model: row.model,
          keyAlias: row.keyAlias,
          errorType: row.errorType,
          statusCode: row.statusCode,
          message: text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text,
        },
      };
      this.stats[cluster.id] = s;
    }
    s.count += cell.count;
    this.rows += cell.count;
    // ISO UTC strings of one format compare as times.
    if (cell.firstSeen < s.firstSeen) s.firstSeen = cell.firstSeen;
    if (cell.lastSeen > s.lastSeen) s.lastSeen = cell.lastSeen;
    bump(s.models, row.model, cell.count);
    bump(s.keyAliases, row.keyAlias, cell.count);
    bump(s.errorTypes, row.errorType, cell.count);
    for (const [bucket, n] of cell.buckets) if (bucket >= 0 && bucket < s.series.length) s.series[bucket]! += n;
  }

  /** The `limit` largest patterns and the number of distinct templates (see `finalTemplates` for the merging). */
  result(limit: number): { patterns: GroupedPattern[]; patternCount: number } {
    const byTemplate = new Map<string, Stats>();
    for (const { text, ids } of finalTemplates(this.drain.clusters)) {
      const parts = ids.map((id) => this.stats[id]).filter((s): s is Stats => s !== undefined);
      if (parts.length) byTemplate.set(text, combine(parts));
    }
    const patterns = [...byTemplate]
      .sort(([ta, a], [tb, b]) => b.count - a.count || ta.localeCompare(tb))
      .slice(0, limit)
      .map(([template, s]) => ({
        id: createHash('sha1').update(template).digest('hex').slice(0, 10),
        template,
        count: s.count,
        share: this.rows ? s.count / this.rows : 0,
        firstSeen: s.firstSeen,
        lastSeen: s.lastSeen,
        models: top(s.models),
        keyAliases: top(s.keyAliases),
        errorTypes: top(s.errorTypes),
        series: Array.from(s.series),
        example: s.example,
      }));
    return { patterns, patternCount: byTemplate.size };
  }
}
