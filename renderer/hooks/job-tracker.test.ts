/* eslint-disable no-restricted-imports -- this test drives the renderer's tracker with the real engine, in-process */
import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insights } from '../../shared/analysis.ts';
import type { EventName } from '../../shared/contract/index.ts';
import { createEngine, type Engine } from '../../electron/engine/engine.ts';
import { nodePlatform } from '../../electron/engine/platform/node-platform.ts';
import { SHARED_CACHE } from '../../electron/test-support/run-cli.ts';
import { TEST_NOW_ISO } from '../../electron/test-support/test-clock.ts';
import { startOpenAiServer } from '../../electron/test-support/openai-server.ts';
import { trackJob, type JobBridge } from './job-tracker.ts';

let engine: Engine;
/** A finished job's result as the engine would send it (a fast patterns job over no errors). */
const FAST_INSIGHTS: Insights = {
  investigationId: 'fast',
  total: 0,
  newestRequestId: null,
  before: null,
  bucketSeconds: 60,
  buckets: [],
  patterns: [],
  patternCount: 0,
  spikes: [],
  series: [],
};
let investigationId: string;

/** The renderer's view of the engine, in-process: the same events the IPC and SSE transports relay. */
const bridgeOf = (e: Engine): JobBridge => ({
  listen: (event, callback) =>
    e.listen((name, payload) => (name as string) === event && callback(payload as never)),
  eventsReady: async () => undefined,
});

beforeAll(async () => {
  engine = createEngine(
    nodePlatform({
      LOGDESK_HOME: mkdtempSync(join(tmpdir(), 'logdesk-jobs-')),
      LOGDESK_CACHE_DIR: SHARED_CACHE,
      LOGDESK_NOW: TEST_NOW_ISO,
    }),
  );
  const result = await engine.call('investigation.run', {
    source: { kind: 'demo' },
    filters: { timeRange: { kind: 'relative', last: '24h' }, limit: 50 },
  });
  investigationId = result.id;
}, 120_000);

afterAll(async () => engine?.close());

describe('trackJob', () => {
  it('follows a real report export to its result, with progress', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'logdesk-report-'));
    const progress: number[] = [];
    const job = await trackJob(
      bridgeOf(engine),
      'report.export',
      () => engine.call('report.start', { investigationId, outDir }),
      [],
      {
        onProgress: (done) => progress.push(done),
      },
    );
    expect(job.jobId).toMatch(/[0-9a-f-]{36}/);
    const result = await job.finished;
    expect(existsSync(result.html)).toBe(true);
    expect(result.csvRows).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('rejects with the job’s own error when it fails', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logdesk-report-')), 'a-file');
    writeFileSync(file, 'x');
    const job = await trackJob(
      bridgeOf(engine),
      'report.export',
      () => engine.call('report.start', { investigationId, outDir: join(file, 'reports') }),
      [],
    );
    await expect(job.finished).rejects.toMatchObject({ code: 'WRITE_FAILED' });
  });

  it('keeps events that arrive before the job id is known, and ignores other jobs', async () => {
    const seen: string[] = [];
    const hub = engine.context.hub;
    const job = await trackJob(
      bridgeOf(engine),
      'analysis.insights',
      async () => {
        // A fast job on a transport that delivers events before the call's answer.
        hub.emit('job.progress', { jobId: 'other', done: 9, total: 9 });
        hub.emit('analysis.delta', { jobId: 'fast', text: 'Hello ' });
        hub.emit('analysis.delta', { jobId: 'fast', text: 'world' });
        hub.emit('job.finished', {
          jobId: 'fast',
          kind: 'analysis.insights',
          status: 'done',
          result: FAST_INSIGHTS,
        });
        return { jobId: 'fast' };
      },
      ['analysis.delta' as EventName],
      {
        onEvent: (_name, payload) => seen.push(String(payload.text)),
        onProgress: () => seen.push('progress of another job'),
      },
    );
    expect(await job.finished).toBe(FAST_INSIGHTS);
    expect(seen).toEqual(['Hello ', 'world']);
  });

  it('reports a job cancelled half-way as CANCELLED', async () => {
    // An LLM that streams slowly: the analysis is surely running when it is cancelled.
    const llm = await startOpenAiServer({
      replies: [{ kind: 'stream', chunks: Array.from({ length: 50 }, () => 'word '), delayMs: 200 }],
    });
    try {
      await engine.call('llm.settings.save', {
        settings: { baseUrl: llm.baseUrl, model: 'test-model' },
        scope: 'session',
      });
      const deltas: string[] = [];
      const job = await trackJob(
        bridgeOf(engine),
        'analysis',
        () => engine.call('analysis.start', { investigationId }),
        ['analysis.delta'],
        {
          onEvent: (_name, payload) => void deltas.push(String(payload.text)),
        },
      );
      await expect.poll(() => deltas.length, { timeout: 30_000 }).toBeGreaterThan(1);
      await engine.call('job.cancel', { jobId: job.jobId });
      await expect(job.finished).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(deltas.length).toBeLessThan(50);
    } finally {
      await llm.close();
    }
  });
});
