import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoScenario } from '../engine/demo/scenario.ts';
import { startOpenAiServer, type OpenAiTestServer } from '../test-support/openai-server.ts';
import { demoUrlArgs, runCli } from '../test-support/run-cli.ts';

/** The demo's week in a real PostgreSQL (the `--demo` rows, read in a fraction of the time). */
const DEMO = await demoUrlArgs();

const incident = demoScenario.incident;
const servers: OpenAiTestServer[] = [];
const NO_LLM_ENV = { LOGDESK_LLM_BASE_URL: '', LOGDESK_LLM_MODEL: '', LOGDESK_LLM_API_KEY: '' };

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof startOpenAiServer>[0]) {
  const server = await startOpenAiServer(options);
  servers.push(server);
  return server;
}

describe('logdesk investigate: patterns, spikes and --llm', () => {
  it('--json --llm --out: streams tokens to stderr, adds patterns, spikes and the analysis, writes llm_analysis_*.md', async () => {
    const chunks = ['## Summary\n', 'Azure throttled ', `${incident.modelGroup} for ${incident.keyAlias}.\n`];
    const server = await serve({
      replies: [{ kind: 'stream', chunks, delayMs: 50, usage: { prompt: 900, completion: 30 } }],
      apiKey: 'sk-cli-secret-key-42',
    });
    const out = mkdtempSync(join(tmpdir(), 'logdesk-llm-out-'));
    const run = await runCli(
      ['investigate', ...DEMO, '--since', '24h', '--limit', '50', '--json', '--llm', '--out', out],
      {
        LOGDESK_LLM_BASE_URL: server.baseUrl,
        LOGDESK_LLM_MODEL: 'gpt-4o',
        LOGDESK_LLM_API_KEY: 'sk-cli-secret-key-42',
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.analysis).toBe(chunks.join(''));
    expect(run.stderr).toContain(chunks.join(''));
    expect(run.stderr).toMatch(/analysis: done \(gpt-4o: 900 prompt \+ 30 completion tokens/);
    expect(doc.patterns.length).toBeGreaterThan(3);
    expect(doc.patterns.length).toBeLessThanOrEqual(20);
    expect(doc.patterns[0].keyAliases[0].value).toBe(incident.keyAlias);
    expect(doc.patterns[0].example.requestId).toEqual(expect.any(String));
    expect(doc.spikes[0].context.models[0].value).toBe(incident.modelGroup);
    expect(doc.spikes[0].context.keyAliases[0].value).toBe(incident.keyAlias);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-cli-secret-key-42');

    const dir = join(out, readdirSync(out)[0]!);
    const names = readdirSync(dir);
    const md = names.find((n) => /^llm_analysis_\d{6}(_\d+)?\.md$/.test(n));
    expect(md, names.join(', ')).toBeDefined();
    expect(readFileSync(join(dir, md!), 'utf8')).toContain(`${incident.modelGroup} for ${incident.keyAlias}`);
    for (const name of names)
      expect(readFileSync(join(dir, name), 'utf8')).not.toContain('sk-cli-secret-key-42');
  });

  it('prints patterns and spikes in text mode and streams the analysis to stdout', async () => {
    const server = await serve({ replies: [{ kind: 'stream', chunks: ['Root cause: ', 'quota.'] }] });
    const run = await runCli(['investigate', ...DEMO, '--since', '24h', '--limit', '5', '--llm'], {
      LOGDESK_LLM_BASE_URL: server.baseUrl,
      LOGDESK_LLM_MODEL: 'local-model',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Spikes\n {2}(model|key alias|error type) /);
    expect(run.stdout).toMatch(/Top patterns \(\d+ in all\)/);
    expect(run.stdout).toContain('Root cause: quota.');
    // No key given: the request still goes out (local servers take none).
    expect(server.requests).toHaveLength(1);
  });

  it('explains a missing endpoint (exit 2) and a refused key (exit 3)', async () => {
    const missing = await runCli(['investigate', ...DEMO, '--since', '24h', '--json', '--llm'], NO_LLM_ENV);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--llm and --ask need LOGDESK_LLM_BASE_URL and LOGDESK_LLM_MODEL/);
    expect(missing.stdout).toBe('');

    const server = await serve({
      replies: [{ kind: 'stream', chunks: ['never'] }],
      apiKey: 'sk-right-one-000',
    });
    const refused = await runCli(['investigate', ...DEMO, '--since', '24h', '--json', '--llm'], {
      LOGDESK_LLM_BASE_URL: server.baseUrl,
      LOGDESK_LLM_MODEL: 'gpt-4o',
      LOGDESK_LLM_API_KEY: 'sk-wrong-one-111',
    });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/rejected the API key \(HTTP 401 Unauthorized\)/);
    expect(refused.stderr).not.toContain('sk-wrong-one-111');
  });

  it('--ask prints the filters it chose, names a value the data lacks, then runs with them', async () => {
    const args = JSON.stringify({
      models: ['gpt-4o-ultra'],
      keyAliases: [incident.keyAlias],
      statusCodes: ['429'],
    });
    const server = await serve({
      replies: [
        { kind: 'tool', name: 'set_time_range', arguments: JSON.stringify({ since: '24h' }) },
        { kind: 'tool', name: 'set_filters', arguments: args },
      ],
    });
    const run = await runCli(
      [
        'investigate',
        ...DEMO,
        '--ask',
        'rate limits on gpt-4o-ultra from the support bot today',
        '--model',
        incident.modelGroup,
        '--json',
      ],
      {
        LOGDESK_LLM_BASE_URL: server.baseUrl,
        LOGDESK_LLM_MODEL: 'local-model',
      },
    );
    expect(run.code, run.stderr).toBe(0);
    // With --json the choice goes to stderr; the flag given wins over the asked model.
    expect(run.stderr).toContain('Filters from the question (local-model):');
    expect(run.stderr).toContain(`key aliases: ${incident.keyAlias}`);
    expect(run.stderr).toContain(`models: ${incident.modelGroup}`);
    expect(run.stderr).toMatch(
      /note: no error from \S+Z to \S+Z carries model "gpt-4o-ultra" \(closest: [^)]*gpt-4o/,
    );
    const doc = JSON.parse(run.stdout);
    expect(doc.query.keyAliases).toEqual([incident.keyAlias]);
    expect(doc.query.statusCodes).toEqual(['429']);
    expect(doc.query.models).toEqual([incident.modelGroup]);
    expect(doc.total).toBeGreaterThan(0);
  });

  it('--ask without an LLM says it needs one (exit 2)', async () => {
    const run = await runCli(['investigate', '--ask', '429s on gpt-4o'], NO_LLM_ENV);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--ask need LOGDESK_LLM_BASE_URL/);
  });
});
