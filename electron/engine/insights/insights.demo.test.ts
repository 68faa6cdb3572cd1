import { finishedResult } from '../../../shared/contract/job-results.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Insights } from '../../../shared/analysis.ts';
import { runJob } from '../../cli/await-job.ts';
import { TEST_NOW } from '../../test-support/test-clock.ts';
import { testPlatform } from '../../test-support/test-platform.ts';
import { demoScenario } from '../demo/scenario.ts';
import { createEngine, type Engine } from '../engine.ts';
import { OFFLINE_TITLE } from './offline-summary.ts';

const incident = demoScenario.incident;
let engine: Engine;

beforeAll(() => {
  engine = createEngine(testPlatform());
});

afterAll(async () => {
  await engine?.close();
});

const run = (last: string) =>
  engine.call('investigation.run', {
    source: { kind: 'demo' },
    filters: { timeRange: { kind: 'relative', last }, limit: 100 },
  });

describe('insights on the demo data', () => {
  it('name the injected incident without any LLM: top pattern and first spike point at its model and key', async () => {
    const inv = await run('24h');
    const insights = Insights.parse(await engine.call('analysis.insights', { investigationId: inv.id }));
    // Every matching error was grouped, not only the rows returned for display.
    expect(insights.total).toBe(inv.total);
    expect(inv.errors.length).toBeLessThan(inv.total);

    const top = insights.patterns[0]!;
    expect(top.models[0]?.value).toBe(incident.modelGroup);
    expect(top.keyAliases[0]?.value).toBe(incident.keyAlias);
    expect(top.errorTypes[0]?.value).toBe(incident.error);
    expect(top.count / insights.total).toBeGreaterThan(0.5);
    expect(top.series).toHaveLength(insights.buckets.length);
    expect(top.series.reduce((a, b) => a + b, 0)).toBe(top.count);
    // Named by its cause without an LLM, and so is every other pattern of the demo.
    expect(top.category).toBe('rate_limit');
    expect(top.categorySource).toBe('rules');
    for (const p of insights.patterns)
      expect({ template: p.template, category: p.category }).not.toMatchObject({ category: 'unknown' });

    const spike = insights.spikes[0]!;
    expect(spike.context.models[0]?.value).toBe(incident.modelGroup);
    expect(spike.context.deployments[0]?.value).toBe(incident.deployment);
    expect(spike.context.keyAliases[0]?.value).toBe(incident.keyAlias);
    expect(spike.context.errorTypes[0]?.value).toBe(incident.error);
    const startedAgo = (TEST_NOW - Date.parse(spike.from)) / 3_600_000;
    expect(startedAgo).toBeGreaterThan(incident.startHoursAgo - 0.5);
    expect(startedAgo).toBeLessThan(incident.startHoursAgo + 0.5);
    // The incident spikes in each of its dimensions and shows once: the lead names the other two.
    const named = [spike, ...spike.together].map((s) => `${s.dimension}=${s.value}`);
    expect(new Set(named)).toEqual(
      new Set([
        `model=${incident.modelGroup}`,
        `keyAlias=${incident.keyAlias}`,
        `errorType=${incident.error}`,
      ]),
    );
    // Anything else that spikes is the same window (its ErrorLogs-only rows carry no key alias, so
    // "no key alias" spikes too), nothing unrelated.
    for (const other of insights.spikes) {
      expect(other.from < spike.to && other.to > spike.from).toBe(true);
      expect(other.context.models[0]?.value).toBe(incident.modelGroup);
    }
    for (const value of [incident.modelGroup, incident.keyAlias, incident.error])
      expect(spike.summary).toContain(value);
    expect(spike.summary).toMatch(/together with /);
  });

  it('still finds it over the whole week', async () => {
    const inv = await run('7d');
    const insights = await engine.call('analysis.insights', { investigationId: inv.id });
    expect(insights.patterns[0]?.keyAliases[0]?.value).toBe(incident.keyAlias);
    expect(insights.spikes[0]?.context.keyAliases[0]?.value).toBe(incident.keyAlias);
    expect(insights.spikes[0]?.context.models[0]?.value).toBe(incident.modelGroup);
  });

  it('without an LLM the analysis is a labelled offline summary naming the incident', async () => {
    const inv = await run('24h');
    const deltas: string[] = [];
    const done = await runJob(engine, () => engine.call('analysis.start', { investigationId: inv.id }), {
      onDelta: (t) => deltas.push(t),
    });
    expect(done.status).toBe('done');
    const result = finishedResult(done, 'analysis');
    expect(result).toMatchObject({ offline: true, model: null, cached: false, estimatedCost: null });
    expect(result.markdown.startsWith(`# ${OFFLINE_TITLE}`)).toBe(true);
    expect(deltas.join('')).toBe(result.markdown);
    expect(result.markdown).toContain(`**${incident.modelGroup}**`);
    expect(result.markdown).toContain(`**${incident.keyAlias}**`);
    expect(result.markdown).toMatch(/Rate limits:/);
  });

  it('runs as a job too: progress while errors are read, the insights in job.finished', async () => {
    const inv = await run('24h');
    const progress: number[] = [];
    const done = await runJob(
      engine,
      () => engine.call('analysis.insights.start', { investigationId: inv.id }),
      { onProgress: (p) => progress.push(p.done) },
    );
    expect(done.status).toBe('done');
    expect(finishedResult(done, 'analysis.insights').total).toBe(inv.total);
    expect(progress.at(-1)).toBe(inv.total);
    expect((await engine.call('analysis.latest', { investigationId: inv.id })).insights?.total).toBe(
      inv.total,
    );
  });
});
