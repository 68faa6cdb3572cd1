import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

/**
 * Issue 19 in the window: the total is the failed requests; the failed attempts on deployments
 * (LiteLLM_ErrorLogs, rescued ones included) stand beside it and in a panel of their own.
 */
describe('failed requests and failed attempts (web mode, real PostgreSQL)', () => {
  it('shows both numbers, never summed, and the attempts by deployment', async () => {
    const ui = await session.open('failed-attempts');
    await ui.selectUrl(session.server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.runQuery();
    const range = await ui.resolvedRange();
    const lo = range.from.replace('Z', '');
    const hi = range.to.replace('Z', '');
    const sql = async (text: string) =>
      Number((await session.server.exec(text, [lo, hi], 'gateway')).rows[0].n);
    const failed =
      await sql(`SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs" WHERE "startTime" >= $1 AND "startTime" < $2
      AND COALESCE(NULLIF(status, ''), metadata->>'status') <> 'success'`);
    const attempts = await sql(
      `SELECT count(*)::int AS n FROM "LiteLLM_ErrorLogs" WHERE "startTime" >= $1 AND "startTime" < $2`,
    );
    expect(await ui.page.getByTestId('error-total').textContent()).toBe(
      `${failed.toLocaleString('en-US')} failed requests`,
    );
    expect(await ui.errorCount()).toBe(failed);
    expect(await ui.page.getByTestId('attempt-total').textContent()).toBe(
      `· ${attempts.toLocaleString('en-US')} failed attempts on deployments`,
    );

    await ui.screenshot('summary-1440');
    const panel = ui.page.getByRole('table', { name: 'Failed attempts by deployment' });
    const rows = panel.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    // The incident's replica leads: the Azure deployment that rate-limits.
    expect(await rows.first().textContent()).toMatch(/azure\/gpt-4o-eu/);
    await ui.page.getByRole('heading', { name: 'Failed attempts by deployment' }).scrollIntoViewIfNeeded();
    await ui.screenshot('attempts-1440');
    await ui.page.setViewportSize({ width: 1024, height: 700 });
    await ui.page.getByRole('heading', { name: 'Failed attempts by deployment' }).scrollIntoViewIfNeeded();
    await ui.screenshot('attempts-1024');
    await ui.page.setViewportSize({ width: 1440, height: 900 });

    // A failed request of the incident lists the attempts of its model group during it, by time.
    await ui.addFilter('Key alias', 'support-bot');
    await ui.runQuery();
    await ui.openRow(0);
    const detail = ui.detailPanel();
    await expect
      .poll(() => detail.getByRole('heading', { name: /^Failed attempts, matched by time/ }).count())
      .toBe(1);
    expect(await detail.locator('.matched-attempts li').first().textContent()).toMatch(
      /^\d{4}-\d{2}-\d{2}T\S+ · \S+ · \S+ · \w+ \d{3}$/,
    );
    await detail.getByRole('heading', { name: /^Failed attempts, matched by time/ }).scrollIntoViewIfNeeded();
    await ui.screenshot('matched-1440');
  }, 180_000);
});
