import { createHash } from 'node:crypto';
import type { ErrorPattern, PatternChange, PatternExample, ValueShare } from '../../../shared/analysis.ts';
import type { ErrorRow } from '../../../shared/investigation.ts';
import { causeKeyText, causeOf, type CauseKey } from './cause-key.ts';
import { Drain, finalTemplates, SEEN_LIMIT, type DrainCluster, type DrainOptions } from './drain.ts';
import { maskMessage } from './mask.ts';
import type { Categorized } from './taxonomy.ts';

/** Distinct values counted per pattern and dimension; the rest is summed under "(other)". */
const MAX_DISTINCT = 100;
const TOP_VALUES = 10;
const OTHER = '(other)';
/** Masked messages remembered (≈ 1,500 characters at most each: bounded memory). */
const MASK_MEMO = 20_000;

interface Stats {
  count: number;
  firstSeen: string;
  lastSeen: string;
  models: Map<string | null, number>;
  keyAliases: Map<string | null, number>;
  errorTypes: Map<string | null, number>;
  series: Uint32Array;
  example: PatternExample;
  /** The example's cause, shared by every error of the pattern. */
  cause: CauseKey & Categorized;
}

/** Errors of one cause (category and status), grouped apart from every other cause's. */
interface CauseGroup {
  drain: Drain;
  stats: Stats[];
}

interface Route {
  errorType: string | null;
  statusCode: string | null;
  cause: CauseKey & Categorized;
  causeText: string;
  group: CauseGroup;
  cluster: DrainCluster;
}

/** New and grown patterns lead the list; the rest follow by size. */
const CHANGE_RANK: Record<PatternChange, number> = { new: 0, grew: 1, steady: 2, shrank: 2 };

/**
 * Against the period before: new when it had none; grew or shrank when the count moved by half again
 * and by at least 3 errors (a pattern of 2 that becomes 3 did not grow in any sense that matters).
 */
export function changeOf(count: number, previous: number): PatternChange {
  if (previous === 0) return count > 0 ? 'new' : 'steady';
  if (count >= previous * 1.5 && count - previous >= 3) return 'grew';
  if (count * 1.5 <= previous && previous - count >= 3) return 'shrank';
  return 'steady';
}

/** Where one added row or cell went; after `result`, `patternIdOf` names its pattern. */
export interface PatternHandle {
  readonly cause: string;
  readonly cluster: number;
}

export type CellExample = Pick<
  ErrorRow,
  'requestId' | 'time' | 'model' | 'keyAlias' | 'errorType' | 'statusCode' | 'errorMessage'
>;

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
  const out: Stats = {
    ...first!,
    models: new Map(first!.models),
    keyAliases: new Map(first!.keyAliases),
    errorTypes: new Map(first!.errorTypes),
    series: first!.series.slice(),
  };
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
 * first/last seen, models, keys, error types, a per-bucket series and one example. Each error is
 * named by its cause (taxonomy rules, status) first and grouped only with errors of the same cause,
 * so no pattern mixes a rate limit with a context-length error. Memory grows with the number of
 * templates, not the number of rows.
 */
export class PatternGrouper {
  private readonly groups = new Map<string, CauseGroup>();
  /**
   * Masked text already seen → where it went, for its type and status (most rows repeat one text:
   * a hit skips the rules and Drain, as Drain's own memo of seen texts would).
   */
  private readonly routes = new Map<string, Route>();
  /** Message → masked text: cells of one message under several models or keys mask it once. */
  private readonly masks = new Map<string, string>();
  private readonly patternIds = new Map<string, string[]>();
  /** Errors of the period before, per cause and cluster (only counted: the pattern view is of the range). */
  private readonly previous = new Map<string, number[]>();
  private previousRead = false;
  private rows = 0;

  constructor(
    private readonly grid: BucketGrid,
    private readonly options: DrainOptions = {},
  ) {}

  get total(): number {
    return this.rows;
  }

  add(row: ErrorRow): PatternHandle {
    const bucket = Math.floor((Date.parse(row.time) - this.grid.startMs) / (this.grid.bucketSeconds * 1000));
    return this.addCell({
      example: row,
      count: 1,
      firstSeen: row.time,
      lastSeen: row.time,
      buckets: [[bucket, 1]],
    });
  }

  private mask(text: string): string {
    let masked = this.masks.get(text);
    if (masked === undefined) {
      masked = maskMessage(text);
      if (this.masks.size >= MASK_MEMO) this.masks.clear();
      this.masks.set(text, masked);
    }
    return masked;
  }

  private route(row: CellExample, masked: string, count: number): Route {
    const known = this.routes.get(masked);
    if (known && known.errorType === row.errorType && known.statusCode === row.statusCode) {
      known.cluster.size += count;
      return known;
    }
    const cause = causeOf(row.errorType, row.statusCode, masked);
    const causeText = causeKeyText(cause);
    let group = this.groups.get(causeText);
    if (!group) {
      group = { drain: new Drain(this.options), stats: [] };
      this.groups.set(causeText, group);
    }
    const route = {
      errorType: row.errorType,
      statusCode: row.statusCode,
      cause,
      causeText,
      group,
      cluster: group.drain.add(masked, count),
    };
    if (this.routes.size >= SEEN_LIMIT) this.routes.clear();
    this.routes.set(masked, route);
    return route;
  }

  /**
   * Adds `count` errors that share one grouping text, model, key alias, error type and status, as if
   * their rows were added one by one. Cells must come in the order of their newest row (newest first),
   * as rows do: Drain, the example and which values are counted before "(other)" depend on that order.
   */
  addCell(cell: PatternCell, period: 'range' | 'before' = 'range'): PatternHandle {
    const row = cell.example;
    const text = groupingText(row);
    const { cause, causeText, group, cluster } = this.route(row, this.mask(text), cell.count);
    if (period === 'before') {
      this.previousRead = true;
      const counts = this.previous.get(causeText) ?? [];
      counts[cluster.id] = (counts[cluster.id] ?? 0) + cell.count;
      this.previous.set(causeText, counts);
      return { cause: causeText, cluster: cluster.id };
    }
    let s = group.stats[cluster.id];
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
        cause,
      };
      group.stats[cluster.id] = s;
    }
    s.count += cell.count;
    this.rows += cell.count;
    // ISO UTC strings of one format compare as times.
    if (cell.firstSeen < s.firstSeen) s.firstSeen = cell.firstSeen;
    if (cell.lastSeen > s.lastSeen) s.lastSeen = cell.lastSeen;
    bump(s.models, row.model, cell.count);
    bump(s.keyAliases, row.keyAlias, cell.count);
    bump(s.errorTypes, row.errorType, cell.count);
    for (const [bucket, n] of cell.buckets)
      if (bucket >= 0 && bucket < s.series.length) s.series[bucket]! += n;
    return { cause: causeText, cluster: cluster.id };
  }

  /**
   * Errors of the period of equal length before the range, grouped with the same Drain so that a
   * pattern is compared with itself. Add them after every error of the range: rows stay newest first.
   */
  /** The period before was read (even when it had no errors: then every pattern is new). */
  markBeforeRead(): void {
    this.previousRead = true;
  }

  addBefore(row: ErrorRow): void {
    this.addCell({ example: row, count: 1, firstSeen: row.time, lastSeen: row.time, buckets: [] }, 'before');
  }

  /** The pattern id of an added row or cell (after `result`). */
  patternIdOf(handle: PatternHandle): string | undefined {
    return this.patternIds.get(handle.cause)?.[handle.cluster];
  }

  /**
   * The `limit` largest patterns, named by their cause, and the number of distinct patterns (see
   * `finalTemplates` for the merging, done within each cause).
   */
  result(limit: number): { patterns: ErrorPattern[]; patternCount: number } {
    const all: {
      id: string;
      template: string;
      s: Stats;
      previousCount: number | null;
      change: PatternChange | null;
    }[] = [];
    for (const [causeText, group] of this.groups) {
      const ids: string[] = [];
      const before = this.previous.get(causeText) ?? [];
      for (const { text, ids: clusterIds } of finalTemplates(group.drain.clusters)) {
        const parts = clusterIds.map((id) => group.stats[id]).filter((s): s is Stats => s !== undefined);
        // Stable across runs for the same template and cause.
        const id = createHash('sha1').update(`${causeText}\u0000${text}`).digest('hex').slice(0, 10);
        for (const c of clusterIds) ids[c] = id;
        // A pattern only the period before had is gone from the range: not one of its patterns.
        if (!parts.length) continue;
        const s = combine(parts);
        const previousCount = this.previousRead ? clusterIds.reduce((n, c) => n + (before[c] ?? 0), 0) : null;
        all.push({
          id,
          template: text,
          s,
          previousCount,
          change: previousCount === null ? null : changeOf(s.count, previousCount),
        });
      }
      this.patternIds.set(causeText, ids);
    }
    const patterns = all
      // What changed leads (the new, then the grown), then the largest.
      .sort(
        (a, b) =>
          CHANGE_RANK[a.change ?? 'steady'] - CHANGE_RANK[b.change ?? 'steady'] ||
          b.s.count - a.s.count ||
          a.template.localeCompare(b.template) ||
          a.id.localeCompare(b.id),
      )
      .slice(0, limit)
      .map(({ id, template, s, previousCount, change }) => ({
        id,
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
        previousCount,
        change,
        category: s.cause.category,
        categoryReason: s.cause.categoryReason,
        categoryCheck: s.cause.categoryCheck,
        categorySource: s.cause.categorySource,
      }));
    return { patterns, patternCount: all.length };
  }
}
