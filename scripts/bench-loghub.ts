import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ErrorRow } from '../shared/investigation.ts';
import { groupingAccuracy } from '../electron/engine/insights/grouping-accuracy.ts';
import { PatternGrouper } from '../electron/engine/insights/pattern-grouper.ts';

export const LOGHUB_DIR = join(import.meta.dirname, '../../shared/benchmarks/loghub2k');
/** Drain's published average GA over the 16 Loghub-2k datasets (Zhu et al. 2019, table III). */
export const DRAIN_GA = 0.865;

const START = Date.UTC(2026, 2, 10);

/** A log line as the app sees an error: the line is the message; no status, no error type unless given. */
function asRow(content: string, i: number, extra: Partial<ErrorRow> = {}): ErrorRow {
  return {
    requestId: `l-${i}`,
    time: new Date(START + i * 1000).toISOString(),
    model: null,
    deployment: null,
    keyAlias: null,
    teamAlias: null,
    statusCode: null,
    errorType: 'Unknown',
    errorMessage: content,
    provider: null,
    apiBase: null,
    durationMs: null,
    totalTokens: null,
    sources: ['spend_logs'],
    ...extra,
  };
}

/** Each message's pattern id, through the app's grouper (mask, cause, Drain, final templates). */
export function groupLikeTheApp(
  messages: readonly string[],
  extra: readonly Partial<ErrorRow>[] = [],
): string[] {
  const grouper = new PatternGrouper({ startMs: START, bucketSeconds: 86_400, count: 1 });
  const handles = messages.map((m, i) => grouper.add(asRow(m, i, extra[i])));
  grouper.result(0);
  return handles.map((h) => grouper.patternIdOf(h)!);
}

export interface DatasetGA {
  name: string;
  lines: number;
  events: number;
  ga: number;
}

/** GA on every `*_2k.log_structured.csv` of the folder (Content = message, EventId = true group). */
export function loghubAccuracy(dir = LOGHUB_DIR): DatasetGA[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('_2k.log_structured.csv'))
    .sort()
    .map((file) => {
      const records = parse(readFileSync(join(dir, file)), {
        columns: true,
        skip_empty_lines: true,
      }) as Record<string, string>[];
      const truth = records.map((r) => r.EventId!);
      const predicted = groupLikeTheApp(records.map((r) => r.Content!));
      return {
        name: file.replace('_2k.log_structured.csv', ''),
        lines: records.length,
        events: new Set(truth).size,
        ga: groupingAccuracy(predicted, truth),
      };
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = loghubAccuracy();
  for (const r of rows) console.log(`${r.name.padEnd(12)} ${r.ga.toFixed(3)}  (${r.events} events)`);
  console.log(
    `average      ${(rows.reduce((a, r) => a + r.ga, 0) / rows.length).toFixed(3)}  (Drain ${DRAIN_GA})`,
  );
}
