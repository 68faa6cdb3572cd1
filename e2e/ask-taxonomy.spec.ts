import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiServer, type OpenAiTestServer } from '../electron/test-support/openai-server.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();
let llm: OpenAiTestServer;

beforeAll(async () => {
  llm = await startOpenAiServer({
    replies: [
      { kind: 'tool', name: 'set_time_range', arguments: JSON.stringify({ since: '24h' }) },
      {
        kind: 'tool',
        name: 'set_filters',
        arguments: JSON.stringify({
          models: ['gpt-4o', 'qwen-max'],
          keyAliases: ['support-bot'],
          statusCodes: ['429'],
          explanation: '429s on gpt-4o and qwen-max from the support-bot key in the last day',
        }),
      },
    ],
  });
});

afterAll(async () => {
  await llm?.close();
});

describe('questions in plain language and causes of patterns (web mode, real PostgreSQL)', () => {
  it('the question box needs an LLM, then shows editable chips, naming a value the data lacks, before it runs', async () => {
    const ui = await session.open('ask');
    await ui.selectUrl(session.server.url('gateway'));
    const box = ui.page.getByRole('region', { name: 'Ask in plain language' });
    const input = box.getByLabel('Question in plain language');
    await box.getByText('Turning a question into filters needs an LLM.').waitFor();
    expect(await input.isDisabled()).toBe(true);
    await ui.screenshot('needs-llm');

    const dialog = await ui.configureLlm(llm.baseUrl, 'local-model', 'sk-e2e-ask-000000');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await input.fill('429s on gpt-4o and qwen-max from the support bot key today');
    const runsBefore = await ui.runNumber();
    await box.getByRole('button', { name: 'Ask', exact: true }).click();

    const chips = box.getByLabel('Filters from the question');
    await chips.waitFor({ timeout: 60_000 });
    const texts = await chips.locator('.ask-chip').allTextContents();
    expect(texts).toEqual([
      'Time: Last 24h',
      'Key: support-bot×',
      'Model: gpt-4o×',
      'Model: qwen-max (not in the data)×',
      'Status: 429×',
    ]);
    await expect
      .poll(() => box.getByRole('status').textContent())
      .toMatch(/No error in .+ → .+ carries model “qwen-max”/);
    // Nothing ran yet: the chips are for checking first.
    expect(await ui.runNumber()).toBe(runsBefore);
    await ui.screenshot('chips');
    await ui.page.setViewportSize({ width: 1024, height: 700 });
    await ui.screenshot('chips-1024');
    await ui.page.setViewportSize({ width: 1440, height: 900 });

    await box.getByRole('button', { name: 'Remove Model qwen-max' }).click();
    expect(await chips.locator('[data-missing]').count()).toBe(0);
    await box.getByRole('button', { name: 'Apply and run' }).click();
    await ui.waitForRun(runsBefore);
    expect(await ui.filterValues('Model')).toEqual(['gpt-4o']);
    expect(await ui.filterValues('Key alias')).toEqual(['support-bot']);
    expect(await ui.errorCount()).toBeGreaterThan(0);
    const sent = llm.requests.at(-1)!.body;
    expect(sent).toContain('support-bot');
  }, 150_000);

  it('filters the patterns by cause, each pattern showing its category', async () => {
    const ui = await session.open('categories', { height: 1400 });
    await ui.selectUrl(session.server.url('gateway'));
    await ui.setTimeRange('7d');
    await ui.runQuery();
    const list = ui.page.getByRole('list', { name: 'Error patterns, new and growing first, then largest' });
    await list.waitFor({ timeout: 90_000 });
    const filter = ui.page.getByRole('group', { name: 'Filter patterns by cause' });
    const top = list.getByRole('listitem').first();
    expect(await top.locator('.category-badge').textContent()).toBe('Provider rate limit');

    await filter.getByRole('button', { name: /^Timeout or network/ }).click();
    // The cause filters the whole query now (issue 22): wait for the rerun's patterns, not an empty list between.
    await expect
      .poll(async () => [...new Set(await list.locator('.category-badge').allTextContents())], {
        timeout: 60_000,
      })
      .toEqual(['Timeout or network']);
    expect(
      await filter.getByRole('button', { name: /^Timeout or network/ }).getAttribute('aria-pressed'),
    ).toBe('true');
    await ui.page
      .locator('.patterns-card')
      .screenshot({ path: await ui.screenshot('filtered').then((p) => p.replace('.png', '-card.png')) });

    await filter.getByRole('button', { name: 'All causes' }).click();
    await expect
      .poll(() => list.locator('.category-badge').first().textContent())
      .toBe('Provider rate limit');

    // The connection's watch switch: on, the engine watches it (notifications come from the desktop shell).
    const watch = ui.page.getByRole('switch');
    await watch.check();
    await expect
      .poll(() => ui.page.locator('.watch-switch').getAttribute('title'))
      .toMatch(/^Watching every 60 s|^Watching: an incident is open/);
    await ui.screenshot('watch-on');
    // A busy machine runs the page's timers late; the switch must still follow the click at once,
    // not snap back until the request library's scheduled update comes (a CI flake, stop 15).
    await ui.page.evaluate(() => {
      const original = window.setTimeout;
      const late = ((fn: TimerHandler, ms?: number, ...args: unknown[]) =>
        original(fn, Math.max(ms ?? 0, 1500), ...args)) as typeof setTimeout;
      window.setTimeout = late;
      original(() => (window.setTimeout = original), 5000);
    });
    await watch.uncheck();
    await expect.poll(() => watch.isChecked()).toBe(false);
    await expect
      .poll(() => ui.page.locator('.watch-switch').getAttribute('title'))
      .toBe('Watch this connection: notify when errors spike');
  }, 150_000);
});
