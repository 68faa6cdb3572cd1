import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLiteLLMDatabase } from './support/litellm-db.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();
/**
 * Enough for the count to take the engine seconds: 3–4 s measured on 2 busy cores, as long as with
 * 400,000 rows, while the checks made during the count took about 1 s. Generating them costs
 * PostgreSQL 1.4 s instead of 5.5 s.
 */
const FAILURES = 100_000;

/**
 * A gateway under a long outage: the demo's traffic plus 100,000 failed calls over the last 5
 * hours, generated in SQL. Counting them takes the engine seconds; the newest 100 come off the
 * "startTime" index at once.
 */
beforeAll(async () => {
  await createLiteLLMDatabase(session.server, 'outage');
  const client = new pg.Client({ connectionString: session.server.url('outage') });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "LiteLLM_SpendLogs" (request_id, "startTime", "endTime", status, model, model_group,
        custom_llm_provider, api_base, request_duration_ms, total_tokens, metadata)
      SELECT 'outage-' || i,
             $1::timestamptz AT TIME ZONE 'UTC' - interval '90 seconds' - i * interval '180 milliseconds',
             $1::timestamptz AT TIME ZONE 'UTC' - interval '90 seconds' - i * interval '180 milliseconds' + interval '2 seconds',
             'failure', 'azure/gpt-4o', 'gpt-4o', 'azure', 'https://eastus.example/openai', 2000, 0,
             jsonb_build_object(
               'user_api_key_alias', (ARRAY['support-bot', 'search-backend', 'data-pipeline'])[1 + i % 3],
               'error_information', jsonb_build_object(
                 'error_class', (ARRAY['RateLimitError', 'Timeout', 'InternalServerError'])[1 + i % 3],
                 'error_code', (ARRAY['429', '408', '500'])[1 + i % 3],
                 'error_message', 'litellm.RateLimitError: AzureException - deployment eastus over quota, request ' || i,
                 'llm_provider', 'azure'))
        FROM generate_series(1, ${FAILURES}) AS i`,
      [new Date().toISOString()],
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}, 300_000);

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
        const before = await ui.runNumber();
        await ui.runButton.click();
        // The rows are on screen while the aggregate still runs: no total yet, the summary says so.
        const first = page.getByTestId('first-rows');
        await first.waitFor({ timeout: 60_000 });
        await expect.poll(() => ui.rows().count()).toBeGreaterThan(5);
        expect(await page.getByTestId('error-total-pending').textContent()).toBe('Counting the errors…');
        expect(await page.getByTestId('error-total').count()).toBe(0);
        expect(await first.getByText('the newest 100 errors listed below').count()).toBe(1);
        const firstRowText = await ui.rows().first().textContent();
        expect(firstRowText).toMatch(/outage-1\b|gpt-4o/);
        const timeline = page.locator('.timeline-card');
        const table = page.getByRole('region', { name: 'Errors', exact: true });
        const placeholderBox = await timeline.boundingBox();
        const tableBefore = await table.boundingBox();
        const layout = () =>
          page.evaluate(() =>
            ['.summary', '.charts', '.insights', '.results-card'].map((s) =>
              Math.round(document.querySelector(s)!.getBoundingClientRect().top),
            ),
          );
        const layoutBefore = await layout();
        await ui.screenshot(`counting-${width}`);
        // Still counting when the screenshot was taken.
        expect(await page.getByTestId('error-total').count()).toBe(0);

        await ui.waitForRun(before, 120_000);
        expect(await ui.errorCount()).toBeGreaterThanOrEqual(FAILURES);
        expect(await first.count()).toBe(0);
        // The same newest row on top, and the charts drawn where their places were held.
        expect(await ui.rows().first().textContent()).toBe(firstRowText);
        const chartBox = await timeline.boundingBox();
        const tableAfter = await table.boundingBox();
        await ui.screenshot(`done-${width}`);
        // Below the summary nothing moves; the summary's line of details may wrap once more when it
        // carries the range, the total and the query time (at 1024 px it does).
        const layoutAfter = await layout();
        const fromCharts = (tops: number[]) => tops.slice(1).map((top) => top - tops[1]!);
        expect(fromCharts(layoutAfter)).toEqual(fromCharts(layoutBefore));
        expect(layoutAfter[1]! - layoutBefore[1]!).toBeLessThanOrEqual(width >= 1440 ? 0 : 26);
        expect(chartBox?.height).toBe(placeholderBox?.height);
        expect(tableAfter!.y - chartBox!.y).toBe(tableBefore!.y - placeholderBox!.y);
      }
    },
  );
});
