import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScenario } from '../electron/engine/demo/scenario.ts';
import { ARTIFACTS, webSession } from './support/web-session.ts';

const session = webSession();
const incident = demoScenario.incident;
const otherDeployment = demoScenario.models
  .find((m) => m.group === incident.modelGroup)!
  .deployments.find((d) => d.model !== incident.deployment)!;
const pct = (text: string | null) => Number(/([\d.]+)%/.exec(text ?? '')?.[1]);

describe('the Traffic view on the demo (web mode)', () => {
  it('shows the incident as an error-rate jump on one deployment; click-to-filter and the request list work', async () => {
    const ui = await session.open('traffic');
    await ui.runQuery();
    const errors = await ui.errorCount();
    // The errors view gives the rate beside the count.
    const share = ui.page.getByTestId('error-share');
    await share.waitFor({ timeout: 120_000 });
    const shareText = (await share.textContent()) ?? '';
    expect(shareText).toMatch(/^· [\d.]+% of [\d,]+ requests$/);
    const requests = Number(/of ([\d,]+) requests/.exec(shareText)![1]!.replace(/,/g, ''));
    expect(pct(shareText)).toBeCloseTo(Math.round((errors / requests) * 1000) / 10, 1);
    await ui.page.screenshot({ path: join(ARTIFACTS, 'traffic-errors-share.png') });

    await ui.page.getByRole('tab', { name: 'Traffic' }).click();
    await ui.page.getByTestId('traffic-total').waitFor();
    expect(await ui.page.getByTestId('traffic-total').textContent()).toBe(
      `${requests.toLocaleString('en-US')} requests`,
    );

    // The deployment table: the failing replica stands out, its sibling behind the same model group does not.
    const deployments = ui.page.getByRole('table', { name: 'By deployment' });
    const row = (name: string) =>
      deployments.getByRole('row').filter({ has: ui.page.getByRole('button', { name, exact: true }) });
    const failing = row(incident.deployment);
    const healthy = row(otherDeployment.model);
    await expect.poll(() => failing.getAttribute('class'), { timeout: 90_000 }).toBe('usage-alarm');
    expect(await healthy.getAttribute('class')).toBeNull();
    expect(pct(await failing.locator('.usage-rate').textContent())).toBeGreaterThan(20);
    // "before → now": the rate the same replica had over the 24 hours before.
    expect(pct(await failing.locator('.usage-change').textContent())).toBeLessThan(5);
    expect(pct(await healthy.locator('.usage-rate').textContent())).toBeLessThan(5);
    expect(
      await ui.page.getByTestId('traffic-requests-chart').locator('.recharts-bar-rectangle').count(),
    ).toBeGreaterThan(10);
    // p50, p95, p99 of every request and the successful requests' p50 (issue 24 item 7).
    await expect
      .poll(() => ui.page.getByTestId('traffic-latency-chart').locator('.recharts-line').count(), {
        timeout: 90_000,
      })
      .toBe(4);
    // More end users than rows: the table ends with one "(other N values)" row holding the rest (issue 18 item 5).
    const endUsers = ui.page.getByRole('table', { name: 'By end user' }).getByRole('row');
    const other = endUsers.last();
    expect(await other.getByRole('rowheader').textContent()).toMatch(/^\(other \d+ values\)$/);
    const requestsOf = async (r: typeof other) =>
      Number(((await r.getByRole('cell').first().textContent()) ?? '').replace(/\D/g, ''));
    const rowCount = await endUsers.count();
    let shown = 0;
    for (let i = 1; i < rowCount - 1; i++) shown += await requestsOf(endUsers.nth(i));
    expect(shown + (await requestsOf(other))).toBe(requests);
    await ui.page
      .locator('section.usage-card')
      .filter({ has: ui.page.getByRole('table', { name: 'By end user' }) })
      .screenshot({ path: join(ARTIFACTS, 'traffic-other-row.png') });
    await ui.page.screenshot({ path: join(ARTIFACTS, 'traffic-1440.png'), fullPage: true });
    await ui.page.setViewportSize({ width: 1024, height: 700 });
    // Six figures share the row at 1024 px: none may lose its end to an ellipsis.
    const cutFigures = () =>
      ui.page
        .locator('.traffic-stat-value')
        .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent));
    await expect.poll(cutFigures).toEqual([]);
    await ui.page.screenshot({ path: join(ARTIFACTS, 'traffic-1024.png'), fullPage: true });
    await ui.page.setViewportSize({ width: 1440, height: 900 });

    // Click-to-filter: the deployment becomes a Traffic filter; every listed request is on it.
    await failing.getByRole('button', { name: incident.deployment }).click();
    await ui.page
      .getByRole('list', { name: 'Traffic filters' })
      .getByText(`Deployment: ${incident.deployment}`)
      .waitFor();
    await expect.poll(async () => deployments.getByRole('row').count(), { timeout: 90_000 }).toBe(2); // header + the one deployment
    const list = ui.page.getByRole('table', { name: 'Requests' });
    await list.getByRole('row').nth(1).waitFor();
    const filteredTotal = Number(
      ((await ui.page.getByTestId('traffic-total').textContent()) ?? '').replace(/\D/g, ''),
    );
    expect(filteredTotal).toBeLessThan(requests);

    // A model click goes into the shared filter form and re-runs both views.
    const models = ui.page.getByRole('table', { name: 'By model' });
    const before = await ui.runNumber();
    await models.getByRole('button', { name: incident.modelGroup, exact: true }).click();
    await ui.waitForRun(before);
    expect(await ui.filterValues('Model')).toEqual([incident.modelGroup]);

    // The request list holds successful requests too, pages on, and opens one in the detail panel.
    const rows = list.getByRole('row').filter({ hasNot: ui.page.getByRole('columnheader') });
    await rows.first().waitFor();
    await expect.poll(() => rows.count(), { timeout: 90_000 }).toBe(50);
    await ui.page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count(), { timeout: 90_000 }).toBeGreaterThan(50);
    const ok = rows.filter({ has: ui.page.locator('.status-pill.success') }).first();
    await ok.click();
    const panel = ui.detailPanel();
    await panel.waitFor();
    expect(await panel.textContent()).toContain('Success');
    await expect.poll(() => panel.textContent(), { timeout: 60_000 }).toContain('LiteLLM_SpendLogs row');
    await ui.page.screenshot({ path: join(ARTIFACTS, 'traffic-detail.png') });
  }, 480_000);
});
