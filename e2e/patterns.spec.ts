import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oracle } from '../electron/test-support/error-oracle.ts';
import { ARTIFACTS, webSession } from './support/web-session.ts';

const session = webSession();

/** The incident's values, as a spike line names them and as the filter form shows them. */
const SPIKE_LEADS = [
  { words: 'model', value: 'gpt-4o', label: 'Model', filter: 'models' },
  { words: 'key alias', value: 'support-bot', label: 'Key alias', filter: 'keyAliases' },
  { words: 'error type', value: 'RateLimitError', label: 'Error type', filter: 'errorTypes' },
] as const;

describe('error patterns and spikes (web mode, real PostgreSQL)', () => {
  it('names the incident in the top pattern and first spike, and both filter the results on click', async () => {
    const ui = await session.open('patterns', { height: 1400 });
    await ui.selectUrl(session.server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.runQuery();
    const all = await ui.errorCount();

    const patterns = ui.page.getByRole('list', {
      name: 'Error patterns, new and growing first, then largest',
    });
    await patterns.waitFor({ timeout: 90_000 });
    const top = patterns.getByRole('listitem').first();
    const topText = (await top.textContent()) ?? '';
    const topCount = Number(
      ((await top.locator('.pattern-count strong').textContent()) ?? '').replace(/,/g, ''),
    );
    expect(topText).toContain('RateLimitError');
    expect(topText).toContain('gpt-4o');
    expect(topText).toContain('support-bot');
    // Placeholders are marked up, not plain text.
    expect(await patterns.locator('.placeholder').count()).toBeGreaterThan(0);
    expect(await top.locator('.sparkline path.sparkline-line').getAttribute('d')).toMatch(/^M[\d.,L]+$/);

    const spikes = ui.page.getByRole('list', { name: 'Spikes, strongest first' });
    const firstSpike = spikes.getByRole('listitem').first();
    const spikeText = (await firstSpike.textContent()) ?? '';
    // One incident, one line: whichever of its dimensions leads, the line names its model and key;
    // its times carry their zone (issue 12 fix 2).
    expect(spikeText).toMatch(
      /^(key alias|model|error type) [^:]+: [\d,]+ errors (\w{3} \d{1,2} )?\d{2}:\d{2}–(\w{3} \d{1,2} )?\d{2}:\d{2} (UTC|GMT[+-][\d:]+), from about [\d.,]+ to [\d,]+ per 15 min; with .+$/,
    );
    expect(spikeText).toContain('model gpt-4o');
    expect(spikeText).toContain('key alias support-bot');
    expect(spikeText).toContain('RateLimitError');
    await ui.page.screenshot({ path: join(ARTIFACTS, 'patterns.png') });
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    // Finish the theme's colour transitions before the picture (they run 0.12 s).
    await ui.page.screenshot({ path: join(ARTIFACTS, 'patterns-dark.png'), animations: 'disabled' });
    await ui.page.emulateMedia({ colorScheme: 'light' });

    // A spike: its value becomes the filter, its window the custom range, and the count is SQL's.
    let before = await ui.runNumber();
    await firstSpike.getByRole('button').click();
    await ui.waitForRun(before);
    expect(await ui.page.getByLabel('Time range').inputValue()).toBe('custom');
    const range = await ui.resolvedRange();
    // The lead's value becomes the filter.
    const lead = SPIKE_LEADS.find((l) => spikeText.startsWith(`${l.words} ${l.value}:`));
    expect(lead, spikeText).toBeDefined();
    expect(await ui.filterValues(lead!.label)).toEqual([lead!.value]);
    const inWindow = await ui.errorCount();
    expect(inWindow).toBe(
      (await oracle(session.server, 'gateway', { ...range, [lead!.filter]: [lead!.value] })).ids.length,
    );
    expect(inWindow).toBeLessThan(all);
    expect(Number(/([\d,]+) errors/.exec(spikeText)![1]!.replace(/,/g, ''))).toBeLessThanOrEqual(inWindow);

    // A pattern: the message filter gets its longest literal fragment.
    // A fresh start (a reload would restore the spike's view from its URL): the last source, run once.
    await ui.page.goto(`${session.app.origin}/`);
    await ui.waitForRun(0);
    await ui.selectUrl(session.server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.runQuery();
    await patterns.waitFor({ timeout: 90_000 });
    before = await ui.runNumber();
    await patterns.getByRole('listitem').first().locator('.pattern-row').click();
    await ui.waitForRun(before);
    const text = await ui.page.getByLabel('Message contains').inputValue();
    expect(text.length).toBeGreaterThan(5);
    expect(topText).toContain(text);
    // Every error of the pattern contains its literal fragment; other patterns may share it.
    const filtered = await ui.errorCount();
    expect(filtered).toBeGreaterThanOrEqual(topCount);
    expect(topCount).toBeGreaterThan(100);
    expect(filtered).toBeLessThan(all);

    // Each pattern opens one of its real errors in the detail panel, stored rows and all.
    const topNow = patterns.getByRole('listitem').first();
    const exampleButton = topNow.getByRole('button', { name: 'Open an example error of pattern 1' });
    const exampleId = /request (\S+)$/.exec((await exampleButton.getAttribute('title')) ?? '')![1]!;
    await exampleButton.click();
    const panel = ui.detailPanel();
    await expect.poll(() => panel.locator('.detail-id span').first().textContent()).toBe(exampleId);
    await panel
      .locator('.detail-section', { hasText: /LiteLLM_(SpendLogs|ErrorLogs) row/ })
      .first()
      .waitFor();
    expect(await panel.locator('.detail-pre').first().textContent()).toContain(text);
    await ui.screenshot('pattern-example');
    await ui.page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });
});
