import type { SqlRunner } from '../db/database.ts';
import { inRange } from '../sources/litellm/error-query.ts';
import { SPEND_LOGS } from '../sources/litellm/schema.ts';

const MINUTE = 60_000;
/** Minutes on each side whose traffic says what rate to expect. */
const WINDOW = 30;
const MIN_RUN = 3;
/** A run of empty minutes this unlikely under the rate around it (Poisson) is reported. */
const MAX_CHANCE = 1e-6;

export interface Gap {
  from: string;
  to: string;
  minutes: number;
  /** Requests per minute logged around the gap. */
  ratePerMinute: number;
  expectedMissing: number;
}

/**
 * Stretches of minutes with no logged request where traffic was steady on both sides: the chance of
 * so many empty minutes in a row at the rate on either side is below one in a million. `counts` is
 * requests per minute start (ms); `from`/`to` are whole minutes.
 */
export function findGaps(counts: ReadonlyMap<number, number>, from: number, to: number): Gap[] {
  const n = Math.max(0, Math.floor((to - from) / MINUTE));
  const at = (i: number) => counts.get(from + i * MINUTE) ?? 0;
  const mean = (a: number, b: number) => {
    const lo = Math.max(0, a);
    const hi = Math.min(n, b);
    if (hi - lo < WINDOW / 2) return null;
    let sum = 0;
    let empty = 0;
    for (let i = lo; i < hi; i++) {
      sum += at(i);
      if (at(i) === 0) empty++;
    }
    // Steady means mostly busy minutes, not a burst next to silence.
    return empty / (hi - lo) > 0.5 ? null : sum / (hi - lo);
  };
  const gaps: Gap[] = [];
  for (let i = 0; i < n;) {
    if (at(i) !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && at(j) === 0) j++;
    const len = j - i;
    const before = mean(i - WINDOW, i);
    const after = mean(j, j + WINDOW);
    if (len >= MIN_RUN && before !== null && after !== null) {
      const rate = (before + after) / 2;
      // Each side alone must make the silence unlikely: a run at the edge of a traffic drop is not a gap.
      if (Math.exp(-Math.min(before, after) * len) < MAX_CHANCE) {
        gaps.push({
          from: new Date(from + i * MINUTE).toISOString(),
          to: new Date(from + j * MINUTE).toISOString(),
          minutes: len,
          ratePerMinute: Math.round(rate * 100) / 100,
          expectedMissing: Math.round(rate * len),
        });
      }
    }
    i = j;
  }
  return gaps;
}

/** The longest stretch scanned minute by minute; a longer range is checked over its last 31 days. */
export const GAP_SCAN_MAX_MS = 31 * 86_400_000;

/** Requests per minute in [from, to) from SpendLogs' startTime index. */
export async function minuteCounts(sql: SqlRunner, from: string, to: string): Promise<Map<number, number>> {
  const rows = await sql.query<{ minute: string; n: unknown }>(
    `SELECT to_char(date_trunc('minute', s."startTime"), 'YYYY-MM-DD"T"HH24:MI:00"Z"') AS minute, count(*)::int AS n
       FROM "${SPEND_LOGS}" s WHERE ${inRange('s')} GROUP BY 1`,
    [from, to],
  );
  return new Map(rows.map((r) => [Date.parse(r.minute), Number(r.n)]));
}
