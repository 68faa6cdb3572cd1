/**
 * `npm run bench`: pattern grouping over generated LiteLLM error messages — lines per second and
 * templates found vs generated — written to BENCHMARKS.md. `--lines N` (default 1,000,000).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { ErrorRow } from '../shared/investigation.ts';
import { Drain, finalTemplates } from '../electron/engine/insights/drain.ts';
import { maskMessage } from '../electron/engine/insights/mask.ts';
import { PatternGrouper } from '../electron/engine/insights/pattern-grouper.ts';
import { fmt, machineLine, writeBenchSection } from './bench-file.ts';
import { benchTemplates, messageBatches } from './bench-messages.ts';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    out: { type: 'string', default: 'BENCHMARKS.md' },
  },
});
const LINES = Number(values.lines);
if (!Number.isInteger(LINES) || LINES < 1_000)
  throw new Error('--lines: expected a whole number of at least 1000');
const START = Date.UTC(2026, 2, 10);
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet'];
const KEYS = ['support-bot', 'search-backend', null];

function rows(messages: string[], offset: number): ErrorRow[] {
  return messages.map((message, i) => ({
    requestId: `req-${offset + i}`,
    time: new Date(START + ((offset + i) % 86_400) * 1000).toISOString(),
    model: MODELS[i % 3]!,
    deployment: null,
    keyAlias: KEYS[i % 3]!,
    teamAlias: null,
    statusCode: '429',
    errorType: 'RateLimitError',
    errorMessage: message,
    provider: null,
    apiBase: null,
    durationMs: null,
    totalTokens: null,
    sources: ['spend_logs'],
  }));
}

/** Pass 1: what the app runs — masking, Drain and per-pattern statistics — timed around `add` only. */
function benchGrouper() {
  const grouper = new PatternGrouper({ startMs: START, bucketSeconds: 900, count: 96 });
  let ms = 0;
  let offset = 0;
  for (const { messages } of messageBatches(LINES)) {
    const batch = rows(messages, offset);
    offset += batch.length;
    const t = performance.now();
    for (const row of batch) grouper.add(row);
    ms += performance.now() - t;
  }
  const t = performance.now();
  const { patternCount } = grouper.result(20);
  ms += performance.now() - t;
  return { ms, patternCount };
}

/** Pass 2: masking and Drain alone, tracking which generated template each message came from. */
function benchQuality() {
  const drain = new Drain();
  const labelsByCluster = new Map<number, Map<number, number>>();
  let clusterMs = 0;
  for (const { messages, labels } of messageBatches(LINES)) {
    const masked: string[] = new Array(messages.length);
    for (let i = 0; i < messages.length; i++) masked[i] = maskMessage(messages[i]!);
    const t1 = performance.now();
    const ids = masked.map((m) => drain.add(m).id);
    clusterMs += performance.now() - t1;
    ids.forEach((id, i) => {
      const counts = labelsByCluster.get(id) ?? new Map<number, number>();
      counts.set(labels[i]!, (counts.get(labels[i]!) ?? 0) + 1);
      labelsByCluster.set(id, counts);
    });
  }
  // Found templates as the app reports them (finalTemplates merges what the prefix tree split).
  const byTemplate = new Map<string, Map<number, number>>();
  for (const { text, ids } of finalTemplates(drain.clusters)) {
    const into = new Map<number, number>();
    for (const id of ids)
      for (const [label, n] of labelsByCluster.get(id) ?? []) into.set(label, (into.get(label) ?? 0) + n);
    byTemplate.set(text, into);
  }
  let pure = 0;
  const foundPerLabel = new Map<number, number>();
  for (const counts of byTemplate.values()) {
    pure += Math.max(...counts.values());
    for (const label of counts.keys()) foundPerLabel.set(label, (foundPerLabel.get(label) ?? 0) + 1);
  }
  const split = [...foundPerLabel.values()].filter((n) => n > 1).length;
  const mixed = [...byTemplate.values()].filter((c) => c.size > 1).length;
  return { clusterMs, found: byTemplate.size, purity: pure / LINES, split, mixed };
}

const load = loadavg()[0]!;
const started = performance.now();
const grouper = benchGrouper();
const quality = benchQuality();
const generated = benchTemplates().length;
const wallS = (performance.now() - started) / 1000;
const rss = process.memoryUsage().rss;

const section = await writeBenchSection(
  values.out!,
  'patterns',
  `## Pattern grouping (\`npm run bench\`)

${LINES.toLocaleString('en-US')} generated LiteLLM error messages from ${generated} templates (Zipf frequencies;
numbers, ids, hashes, UUIDs, URLs, emails and IPs filled in at random), grouped as the app groups them.
${machineLine(load)}

| Measure | Result |
|---|---|
| Pattern grouper (mask + Drain + per-pattern stats), lines/s | **${fmt(LINES / (grouper.ms / 1000))}** |
| Drain clustering alone (masked input), lines/s | ${fmt(LINES / (quality.clusterMs / 1000))} |
| Templates generated / found | ${generated} / **${quality.found}** (grouper: ${grouper.patternCount}) |
| Purity (messages in a found template whose majority source template they share) | ${(quality.purity * 100).toFixed(2)}% |
| Generated templates split over several found ones | ${quality.split} |
| Found templates mixing several generated ones | ${quality.mixed} |
| Whole benchmark (generation included), s | ${wallS.toFixed(1)} |
| Resident memory at the end, MiB | ${fmt(rss / 2 ** 20)} |`,
);
console.log(section);
