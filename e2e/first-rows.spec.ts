import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiteLLMDatabase } from './support/litellm-db.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();
/** The advisory lock the test holds while it looks at the page: the count waits on it, the newest rows do not. */
const GATE = 4242;

/**
 * A gateway's last 18 hours (the demo's traffic, incident included) whose LiteLLM_ErrorLogs are read
 * through a view that takes a shared advisory lock per row. While the test holds that lock, the
 * investigation's count (failed attempts come from ErrorLogs, DESIGN §2) waits, at any machine
 * speed; the newest rows never scan ErrorLogs while SpendLogs holds failures in the range (the
 * stand-in branch's one-time filter is false), so they arrive at once.
 */
beforeAll(async () => {
  await createLiteLLMDatabase(session.server, 'outage');
  await session.server.exec(`ALTER TABLE "LiteLLM_ErrorLogs" RENAME TO error_rows`, [], 'outage');
  await session.server.exec(
    `CREATE VIEW "LiteLLM_ErrorLogs" AS
       SELECT e.* FROM error_rows e
        WHERE (SELECT pg_advisory_lock_shared(${GATE}) IS NOT NULL AND pg_advisory_unlock_shared(${GATE})
                 AND length(e.request_id) >= 0)`,
    [],
    'outage',
  );
}, 300_000);

/** The model of the newest failed request, as SQL finds it: the first row's. */
async function newestFailedModel(): Promise<string> {
  const { rows } = await session.server.exec(
    `SELECT model_group FROM "LiteLLM_SpendLogs" WHERE status <> 'success' ORDER BY "startTime" DESC LIMIT 1`,
    [],
    'outage',
  );
  return rows[0].model_group as string;
}

const closedGates = new Set<pg.Client>();
// A failed check must not leave the count waiting (nor the database held open for its drop).
afterAll(() => Promise.all([...closedGates].map((client) => client.end())));

/** Holds the gate (an exclusive advisory lock in a session of its own) until `open()` is called. */
async function closeGate(): Promise<{ open(): Promise<void> }> {
  const client = new pg.Client({ connectionString: session.server.url('outage') });
  await client.connect();
  closedGates.add(client);
  await client.query('SELECT pg_advisory_lock($1)', [GATE]);
  return {
    open: async () => {
      closedGates.delete(client);
      await client.end(); // ending the session releases its lock
    },
  };
}

describe('first rows at once', () => {
  it(
    'shows the newest rows while the totals are still counted, with the charts’ places held',
    { timeout: 300_000 },
    async () => {
      // The screen is under test here, not the guard: a loaded machine must not end the first rows at 250 ms.
      const ui = await session.open('first-rows', {}, { LOGDESK_FIRST_ROWS_TIMEOUT_MS: '10000' });
      const { tab } = session;
      const page = tab.page;
      await ui.selectUrl(session.server.url('outage'));
      await ui.setTimeRange('24h');

      for (const [width, height] of [
        [1440, 900],
        [1024, 700],
      ] as const) {
        await page.setViewportSize({ width, height });
        const run = await ui.runNumber();
        const gate = await closeGate();
        await ui.runButton.click();
        // The rows are on screen while the aggregate still runs: no total yet, the summary says so.
        const first = page.getByTestId('first-rows');
        await first.waitFor({ timeout: 60_000 });
        await expect.poll(() => ui.rows().count()).toBeGreaterThan(5);
        expect(await page.getByTestId('error-total-pending').textContent()).toBe('Counting the errors…');
        expect(await page.getByTestId('error-total').count()).toBe(0);
        expect(await first.getByText('the newest 100 errors listed below').count()).toBe(1);
        const firstRowText = await ui.rows().first().textContent();
        expect(firstRowText).toContain(await newestFailedModel());
        // One reading of every box at once: the patterns may arrive after the count and grow their
        // card, pushing the results down by exactly that much, which is not a jump.
        const layout = () =>
          page.evaluate(() => {
            const box = (s: string) => document.querySelector(s)!.getBoundingClientRect();
            const [charts, timeline, insights, results] = [
              '.charts',
              '.timeline-card',
              '.insights',
              '.results-card',
            ].map(box);
            return {
              chartsTop: charts!.top,
              timelineHeight: timeline!.height,
              insightsBelowCharts: insights!.top - charts!.top,
              insightsHeight: insights!.height,
              resultsBelowInsights: results!.top - insights!.bottom,
              resultsBelowTimeline: results!.top - timeline!.top,
            };
          });
        const before = await layout();
        await ui.screenshot(`counting-${width}`);
        // Still counting when the screenshot was taken.
        expect(await page.getByTestId('error-total').count()).toBe(0);

        await gate.open();
        await ui.waitForRun(run, 120_000);
        expect(await ui.errorCount()).toBeGreaterThan(100);
        expect(await first.count()).toBe(0);
        // The same newest row on top, and the charts drawn where their places were held.
        expect(await ui.rows().first().textContent()).toBe(firstRowText);
        await ui.screenshot(`done-${width}`);
        // Below the summary nothing moves; the summary's line of details may wrap once more when it
        // carries the range, the total and the query time (at 1024 px it does).
        const after = await layout();
        expect(after.chartsTop - before.chartsTop).toBeLessThanOrEqual(width >= 1440 ? 0 : 26);
        expect(after.timelineHeight).toBe(before.timelineHeight);
        expect(after.insightsBelowCharts).toBeCloseTo(before.insightsBelowCharts, 1);
        expect(after.resultsBelowInsights).toBeCloseTo(before.resultsBelowInsights, 1);
        const insightsGrowth = after.insightsHeight - before.insightsHeight;
        expect(after.resultsBelowTimeline - insightsGrowth).toBeCloseTo(before.resultsBelowTimeline, 1);
      }
    },
  );
});
