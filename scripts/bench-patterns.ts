/**
 * Grouping accuracy (GA, Zhu et al. 2019) of the app's pattern grouper on the Loghub-2k datasets
 * (../shared/benchmarks/loghub2k) and on a labelled set of real LLM provider errors, with the cause
 * accuracy of the taxonomy rules there; written to BENCHMARKS.md (`npm run bench` runs it).
 */
import { parseArgs } from 'node:util';
import { groupingAccuracy } from '../electron/engine/insights/grouping-accuracy.ts';
import { LLM_ERROR_SET } from '../electron/engine/insights/llm-error-set.ts';
import { categorizeError } from '../electron/engine/insights/taxonomy.ts';
import { machineLine, writeBenchSection } from './bench-file.ts';
import { DRAIN_GA, groupLikeTheApp, loghubAccuracy } from './bench-loghub.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'BENCHMARKS.md' } } });

const started = performance.now();
const loghub = loghubAccuracy();
const average = loghub.reduce((a, r) => a + r.ga, 0) / loghub.length;

// The labelled set: every message as the gateway logs it (status and exception class beside it).
const messages = LLM_ERROR_SET.flatMap((e) => e.messages.map((m) => ({ entry: e, message: m })));
const predicted = groupLikeTheApp(
  messages.map((m) => m.message),
  messages.map((m) => ({ statusCode: m.entry.statusCode, errorType: m.entry.errorType ?? 'Unknown' })),
);
const llmGa = groupingAccuracy(
  predicted,
  messages.map((m) => m.entry.pattern),
);
const judged = messages.map((m) => ({
  ...m,
  got: categorizeError({ errorType: m.entry.errorType, statusCode: m.entry.statusCode, message: m.message })
    .category,
}));
const decidable = judged.filter((j) => j.entry.decidable);
const right = (list: typeof judged) => list.filter((j) => j.got === j.entry.cause).length;
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}% (${n}/${d})`;
const wrong = judged
  .filter((j) => j.got !== j.entry.cause)
  .map(
    (j) =>
      `${j.entry.pattern} (${j.got}, true ${j.entry.cause}${j.entry.decidable ? '' : ', not decidable'})`,
  );
const providers = [...new Set(LLM_ERROR_SET.map((e) => e.provider))].join(', ');

const section = await writeBenchSection(
  values.out!,
  'grouping-accuracy',
  `## Grouping accuracy (\`node --import tsx scripts/bench-patterns.ts\`, part of \`npm run bench\`)

Grouping accuracy (GA, Zhu et al., ICSE-SEIP 2019: a message counts when its pattern holds exactly the
messages of its true group) through the app's own grouper (mask, cause, Drain, final templates; each
line is an error message with no status or type), the same settings for every dataset.
${machineLine()}

| Loghub-2k dataset | events | GA |
|---|---|---|
${loghub.map((r) => `| ${r.name} | ${r.events} | ${r.ga.toFixed(3)} |`).join('\n')}
| **average (${loghub.length} datasets)** | | **${average.toFixed(3)}** (Drain, published, all 16: ${DRAIN_GA}) |

LLM provider errors (electron/engine/insights/llm-error-set.ts: ${messages.length} messages of ${LLM_ERROR_SET.length} true patterns from
${providers}; each entry cites its public source):

| Measure | Result |
|---|---|
| GA | **${llmGa.toFixed(3)}** |
| Cause accuracy, rule-decidable messages | **${pct(right(decidable), decidable.length)}** |
| Cause accuracy, all messages | ${pct(right(judged), judged.length)} |
| Wrong causes | ${wrong.length ? wrong.join('; ') : 'none'} |
| Whole benchmark, s | ${((performance.now() - started) / 1000).toFixed(1)} |`,
);
console.log(section);
