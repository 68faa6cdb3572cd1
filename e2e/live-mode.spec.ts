import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();
let seq = 0;

/** Failed requests of a model no other row has, a minute old: new errors arriving in the gateway. */
async function insertFailures(count: number, model: string): Promise<string[]> {
  const at = new Date(Date.now() - 60_000).toISOString().replace('T', ' ').replace('Z', '');
  const ids = Array.from({ length: count }, () => `live-${process.pid}-${seq++}`);
  const metadata = JSON.stringify({
    user_api_key_alias: 'support-bot',
    error_information: {
      error_class: 'RateLimitError',
      error_code: '429',
      error_message: 'litellm.RateLimitError: live test',
    },
  });
  for (const id of ids) {
    await session.server.exec(
      `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", model, model_group, metadata, status)
       VALUES ($1, $2::timestamp, $2::timestamp, $3, $3, $4::jsonb, 'failure')`,
      [id, at, model, metadata],
      'gateway',
    );
  }
  return ids;
}

describe('live mode (issue 12)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(
      `at ${width}×${height}: refreshes by itself, highlights the new errors, waits for each read, pauses`,
      { timeout: 180_000 },
      async () => {
        // The page's timers under Playwright's clock: each 15 s refresh is a jump, not a wait.
        const ui = await session.open(`live-${width}`, { width, height, clockFrom: Date.now() });
        const { page } = session.tab;
        await ui.selectUrl(session.server.url('gateway'));
        await ui.setTimeRange('24h');
        await ui.runQuery();
        const before = await ui.errorCount();
        const live = page.getByRole('group', { name: 'Live mode' });
        await live.getByLabel('Auto-refresh').selectOption({ label: 'Every 15 s' });
        await live.getByText(/^updated \d+ s ago$/).waitFor();

        const model = `live-model-${width}`;
        await insertFailures(3, model);
        // No click: the next refresh brings them in, highlighted. The page's clock jumps the 15 s.
        const fresh = page.locator('[role="row"][data-fresh]');
        await page.clock.fastForward(15_000);
        await expect.poll(() => fresh.count(), { timeout: 40_000, interval: 500 }).toBe(3);
        expect(await ui.errorCount()).toBe(before + 3);
        for (const text of await fresh.allTextContents()) expect(text).toContain(model);
        await live.getByText('3 new').waitFor();
        await fresh.first().scrollIntoViewIfNeeded();
        await ui.screenshot('fresh');

        // Reads never overlap: while live, at most the one run in flight beyond the last answered.
        const workspace = page.locator('main.workspace');
        for (let i = 0; i < 10; i++) {
          const [run, settled] = await Promise.all([
            workspace.getAttribute('data-run'),
            workspace.getAttribute('data-settled-run'),
          ]);
          expect(Number(run) - Number(settled)).toBeLessThanOrEqual(1);
          await page.waitForTimeout(300);
        }

        // The refresh after that finds nothing new: the highlight goes.
        await page.clock.fastForward(15_000);
        await expect.poll(() => fresh.count(), { timeout: 40_000, interval: 500 }).toBe(0);

        // Paused: no more runs.
        await live.getByRole('button', { name: 'Pause' }).click();
        await page.waitForFunction(() => {
          const w = document.querySelector('main.workspace');
          return w?.getAttribute('data-run') === w?.getAttribute('data-settled-run');
        });
        const paused = await ui.runNumber();
        await insertFailures(1, model);
        await page.clock.fastForward(17_000);
        // Anything the jump set off has had the time to start a run by now.
        await page.waitForTimeout(500);
        expect(await ui.runNumber()).toBe(paused);
        await ui.screenshot('paused');
        await live.getByRole('button', { name: 'Resume' }).waitFor();
      },
    );
  }
});
