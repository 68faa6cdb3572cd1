import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { countErrorsInSql, createLiteLLMDatabase } from './support/litellm-db.ts';
import { webSession } from './support/web-session.ts';
const session = webSession({ ownPostgres: true });

beforeAll(async () => {
  // A database whose ErrorLogs reads slowly (10 ms a row): the query runs long enough to be stopped.
  const { server } = session;
  await createLiteLLMDatabase(server, 'slow');
  const client = new pg.Client({ connectionString: server.url('slow') });
  await client.connect();
  await client.query(`ALTER TABLE "LiteLLM_ErrorLogs" RENAME TO error_rows`);
  await client.query(
    `INSERT INTO error_rows (request_id, "startTime", "endTime", exception_type)
    SELECT 'slow-' || i, t, t, 'RateLimitError'
      FROM generate_series(1, 3000) AS i, LATERAL (SELECT $1::timestamptz AT TIME ZONE 'UTC' - i * interval '1 minute' AS t) at`,
    [new Date().toISOString()],
  );
  await client.query(
    `CREATE VIEW "LiteLLM_ErrorLogs" AS SELECT e.* FROM error_rows e WHERE (SELECT pg_sleep(0.01 + 0 * length(e.request_id)))::text = ''`,
  );
  await client.end();
});

describe('a query the planner expects to read many rows', () => {
  it('is not run until the user says so: the notice gives the estimate, Narrow the range, Run anyway', async () => {
    // A low threshold stands in for the 5 million rows of a busy gateway.
    const ui = await session.open('large-scan', {}, { LOGDESK_LARGE_SCAN_ROWS: '50' });
    const { server, tab } = session;
    await ui.selectUrl(server.url('gateway'));
    await ui.setTimeRange('7d');
    await ui.addFilter('Key alias', 'support-bot');
    await ui.runQuery();
    const notice = tab.page.getByRole('alert', { name: 'Large scan' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/This query would read about [\d,]+ rows.*threshold is 50/s);
    await ui.screenshot('notice');

    await notice.getByRole('button', { name: 'Narrow the range' }).click();
    expect(await tab.page.evaluate(() => document.activeElement?.closest('.time-range-field') !== null)).toBe(
      true,
    );

    const before = await ui.runNumber();
    await notice.getByRole('button', { name: 'Run anyway' }).click();
    await ui.waitForRun(before);
    await notice.waitFor({ state: 'detached' });
    const range = await ui.resolvedRange();
    expect(await ui.errorCount()).toBe(
      await countErrorsInSql(server, 'gateway', { ...range, keyAlias: 'support-bot' }),
    );
  }, 180_000);

  it('Stop cancels a running query and says so, keeping the form usable', async () => {
    const ui = await session.open('stop-query');
    const { server, tab } = session;
    await ui.selectUrl(server.url('slow'));
    await ui.setTimeRange('7d');
    const before = await ui.runNumber();
    await ui.runButton.click();
    const stop = tab.page.getByRole('button', { name: 'Stop' });
    await stop.waitFor();
    await ui.screenshot('running');
    await stop.click();
    await ui.waitForRun(before, 20_000);
    await ui.screenshot('stopped');
    await tab.page.getByText('Query stopped.').waitFor();
    await stop.waitFor({ state: 'detached' });
    const admin = new pg.Client({ connectionString: server.url('postgres') });
    await admin.connect();
    try {
      const active = async () =>
        (
          await admin.query(
            `SELECT pid FROM pg_stat_activity WHERE application_name = 'logdesk' AND state <> 'idle'`,
          )
        ).rows;
      await expect.poll(active, { timeout: 60_000 }).toEqual([]);
    } finally {
      await admin.end();
    }
  }, 180_000);
});
