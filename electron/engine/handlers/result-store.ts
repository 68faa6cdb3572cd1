import type { Source } from '../../../shared/connection.ts';
import type { InvestigationResult } from '../../../shared/contract/investigation.ts';
import type { ErrorRow } from '../../../shared/investigation.ts';
import { AppError } from '../../../shared/errors.ts';
import type { PatternCells } from '../sources/call-source.ts';

/**
 * Default budget: ten 100,000-row results were 1.46 GB of heap when the store kept eight by count.
 * Web mode's peak after ten 55,184-row investigations, same machine and run: 558 MiB at 160 MiB,
 * 494 at 96, 462 at 64. At 64 a result that large is the only one kept (the newest always stays);
 * demo-sized ones (≈ 1 MB a thousand rows) still number dozens.
 */
export const DEFAULT_RESULT_BYTES = 64 * 2 ** 20;

/** Per object and per string as V8 lays them out (headers, pointers), roughly. */
const ROW_OVERHEAD = 240;
const STRING_OVERHEAD = 24;

function rowBytes(row: ErrorRow): number {
  let bytes = ROW_OVERHEAD + row.sources.length * 8;
  for (const value of Object.values(row))
    if (typeof value === 'string') bytes += STRING_OVERHEAD + value.length * 2;
  return bytes;
}

/** What a result holds in memory, roughly: its rows dominate, the breakdowns and timeline are small. */
export function approximateBytes(result: InvestigationResult): number {
  let bytes = 4_096 + (result.timeline.length + result.timelineByModel.length) * 120;
  for (const row of result.errors) bytes += rowBytes(row);
  return bytes;
}

/**
 * Recent results, so exports and follow-up views reuse a query instead of running it again. Bounded
 * by memory, not count: the oldest go first once the budget is spent; the newest always stays.
 */
export class ResultStore {
  private readonly results = new Map<string, { result: InvestigationResult; bytes: number }>();
  private readonly sources = new Map<string, Source>();
  /** The newest result's patterns read with it, until insights take them (one at most: bounded memory). */
  private patternCells: { id: string; cells: Promise<PatternCells | null>; stop: () => void } | null = null;
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_RESULT_BYTES) {}

  add(result: InvestigationResult, source?: Source): void {
    const bytes = approximateBytes(result);
    this.remove(result.id);
    this.results.set(result.id, { result, bytes });
    this.bytes += bytes;
    if (source) this.sources.set(result.id, source);
    while (this.bytes > this.maxBytes && this.results.size > 1)
      this.remove(this.results.keys().next().value!);
  }

  /** Held in memory now, roughly (see `approximateBytes`). */
  get heldBytes(): number {
    return this.bytes;
  }

  get(id: string): InvestigationResult {
    const entry = this.results.get(id);
    if (!entry) {
      throw new AppError(
        'NOT_FOUND',
        `No investigation with id "${id}" (recent results are kept up to ${Math.round(this.maxBytes / 2 ** 20)} MB; run the query again)`,
      );
    }
    return entry.result;
  }

  /** Keeps the patterns read with a stored result for its insights; an older result's are dropped. */
  setPatternCells(id: string, cells: Promise<PatternCells | null>, stop: () => void): void {
    this.dropPatternCells();
    if (this.results.has(id)) this.patternCells = { id, cells, stop };
    else stop();
  }

  /**
   * Stops and forgets the patterns being read with a result: a new investigation does not read
   * beside an older one's patterns (nor hold both in memory); those insights then read for themselves.
   */
  dropPatternCells(): void {
    this.patternCells?.stop();
    this.patternCells = null;
  }

  /** The patterns read with the result, once (then the insights hold what they need); null when none are kept. */
  takePatternCells(id: string): Promise<PatternCells | null> | null {
    if (this.patternCells?.id !== id) return null;
    const { cells } = this.patternCells;
    this.patternCells = null;
    return cells;
  }

  /** The source a result was read from: a report reopens it to write every match, not only the rows kept. */
  sourceOf(id: string): Source | undefined {
    return this.sources.get(id);
  }

  private remove(id: string): void {
    const entry = this.results.get(id);
    if (!entry) return;
    this.results.delete(id);
    this.sources.delete(id);
    if (this.patternCells?.id === id) this.dropPatternCells();
    this.bytes -= entry.bytes;
  }
}
