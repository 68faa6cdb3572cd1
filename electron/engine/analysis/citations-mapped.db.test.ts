import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishedResult } from '../../../shared/contract/job-results.ts';
import type { Source } from '../../../shared/connection.ts';
import { runJob } from '../../cli/await-job.ts';
import { fixtureStatements, RANGE } from '../../test-support/call-log-fixture.ts';
import { startOpenAiServer, type OpenAiTestServer } from '../../test-support/openai-server.ts';
import { testPlatform } from '../../test-support/test-platform.ts';
import { createEngine, type Engine } from '../engine.ts';

let dir: string;
let engine: Engine;
let llm: OpenAiTestServer;
/** An old failure of the fixture: in the table, but not among the rows the prompt carries (limit 1). */
const REAL_NOT_SENT = 'a0000000-0000-4000-8000-000000000003';
const INVENTED = 'chatcmpl-invented-0000777';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'logdesk-cite-'));
  const file = join(dir, 'calls.db');
  execFileSync('sqlite3', [file], { input: fixtureStatements('sqlite').join(';\n') + ';\n' });
  llm = await startOpenAiServer({
    replies: [
      {
        kind: 'stream',
        chunks: [`## Summary\nSee request_id=${REAL_NOT_SENT} and request_id=${INVENTED}.\n`],
      },
    ],
  });
  engine = createEngine(testPlatform());
  await engine.call('llm.settings.save', {
    settings: { baseUrl: llm.baseUrl, model: 'gpt-4o' },
    apiKey: 'sk-test-key-000000',
    scope: 'session',
  });
  const source: Source = { kind: 'url', url: `sqlite://${file}`, source: { table: 'llm_tracker_usage' } };
  const investigation = await engine.call('investigation.run', {
    source,
    filters: { timeRange: { kind: 'absolute', ...RANGE }, limit: 1 },
  });
  const finished = await runJob(engine, () =>
    engine.call('analysis.start', { investigationId: investigation.id, force: true }),
  );
  analysis = {
    status: finished.status,
    error: finished.error,
    markdown: finished.status === 'done' ? finishedResult(finished, 'analysis').markdown : '',
  };
});

afterAll(async () => {
  await engine?.close();
  await llm?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let analysis: { status: string; error: unknown; markdown: string };

/** Issue 20: the citation check looked request ids up with LiteLLM's SQL, so on a mapped table the analysis failed. */
describe('the citation check on a mapped SQLite call log', () => {
  it('finishes the analysis and flags only the request id no row carries', () => {
    expect(analysis.status, JSON.stringify(analysis.error)).toBe('done');
    const note = analysis.markdown.slice(analysis.markdown.indexOf('Citation check'));
    expect(note).toContain(`\`${INVENTED}\` (in no table of the source)`);
    expect(note).not.toContain(REAL_NOT_SENT);
  });
});
