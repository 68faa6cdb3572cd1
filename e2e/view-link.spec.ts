import { describe, expect, it } from 'vitest';
import { AppPage } from './pages/AppPage.ts';
import { ARTIFACTS, webSession } from './support/web-session.ts';

const session = webSession();

const query = (url: string) => new URL(url).searchParams;

describe('the view in the URL (issue 12: deep link, history)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(
      `at ${width}×${height}: the URL holds the view, a link restores it, Back/Forward undo filters`,
      { timeout: 180_000 },
      async () => {
        const ui = await session.open(`link-${width}`, { width, height });
        const { page, context } = session.tab;
        const db = session.server.url('gateway');
        await ui.selectUrl(db);
        await ui.setTimeRange('24h');
        await ui.runQuery();
        const all = await ui.errorCount();
        expect(query(page.url()).get('source')).toBe(`url:${db}`);
        expect(query(page.url()).get('range')).toBe('24h');
        expect(page.url()).not.toContain('token');

        await ui.addFilter('Model', 'gpt-4o');
        await ui.runQuery();
        const narrowed = await ui.errorCount();
        expect(narrowed).toBeLessThan(all);
        expect(query(page.url()).getAll('model')).toEqual(['gpt-4o']);
        await ui.openRow(0);
        const errorId = query(page.url()).get('error');
        expect(errorId).toBeTruthy();
        await ui.screenshot('linked');

        await context.grantPermissions(['clipboard-read', 'clipboard-write']);
        const copy = ui.detailPanel().getByRole('button', { name: 'Copy link to this error' });
        await copy.click();
        await copy.getByText('Copied').waitFor();
        const link = await page.evaluate(() => navigator.clipboard.readText());
        expect(link).toBe(page.url());

        // The link in a new page: the same view, run.
        const other = await context.newPage();
        const problems: string[] = [];
        other.on('pageerror', (e) => problems.push(e.message));
        const ui2 = new AppPage(other, ARTIFACTS, `link-${width}-opened`);
        await other.goto(link);
        await ui2.waitForRun(0);
        expect(await ui2.filterValues('Model')).toEqual(['gpt-4o']);
        expect(await other.getByLabel('Time range').inputValue()).toBe('24h');
        expect(await ui2.errorCount()).toBe(narrowed);
        await ui2.detailPanel().waitFor();
        expect(query(other.url()).get('error')).toBe(errorId);
        await ui2.screenshot('restored');

        // Reload restores and runs it again.
        await other.reload();
        await ui2.waitForRun(0);
        expect(await ui2.filterValues('Model')).toEqual(['gpt-4o']);
        expect(await ui2.errorCount()).toBe(narrowed);

        expect(problems).toEqual([]);
        await other.close();

        // Back undoes the filter (and runs), Forward redoes it.
        await page.goBack();
        await expect.poll(() => ui.filterValues('Model')).toEqual([]);
        await expect.poll(() => ui.errorCount()).toBe(all);
        await page.goForward();
        await expect.poll(() => ui.filterValues('Model')).toEqual(['gpt-4o']);
        await expect.poll(() => ui.errorCount()).toBe(narrowed);

        // The selected tab is part of the view: a reload comes back to it.
        await page.getByRole('tab', { name: 'Traffic' }).click();
        await expect.poll(() => query(page.url()).get('tab')).toBe('traffic');
        await page.reload();
        await page.getByRole('tab', { name: 'Traffic', selected: true }).waitFor();
        await ui.waitForRun(0);

        // Bad and unknown parts: a notice naming each, the good parts used, no crash.
        await page.goto(
          `${session.app.origin}/?source=url:${encodeURIComponent(db)}&range=abc&tab=logs&colour=red&status=429&error=no-such-request`,
        );
        const notice = page.getByRole('alert').filter({ hasText: 'Parts of this link could not be used' });
        await notice.waitFor();
        const text = (await notice.textContent()) ?? '';
        expect(text).toContain('range “abc”: expected a duration like 15m, 24h or 7d');
        expect(text).toContain('tab “logs”: expected errors, traffic or health');
        expect(text).toContain('“colour”');
        await ui.waitForRun(0);
        expect(await ui.filterValues('Status code')).toEqual(['429']);
        await notice
          .getByText(/error “no-such-request”: not among the [\d,]+ errors loaded for this view/)
          .waitFor();
        await ui.screenshot('bad-link');
        await notice.getByRole('button', { name: 'Dismiss' }).click();
        await notice.waitFor({ state: 'detached' });

        // A password never reaches the URL: such a link is refused with a reason.
        await page.goto(
          `${session.app.origin}/?source=${encodeURIComponent('url:postgres://u:s3cret@db/x')}`,
        );
        await page.getByRole('alert').filter({ hasText: 'must not carry a password' }).waitFor();
      },
    );
  }

  it('opens on the last source, queried at once (remembered by the engine, not the page)', async () => {
    const ui = await session.open('last-source');
    await ui.selectUrl(session.server.url('gateway'));
    await ui.runQuery();
    const { page } = session.tab;
    await page.goto(session.app.origin + '/');
    await ui.waitForRun(0);
    expect(await page.getByLabel('Database URL').inputValue()).toBe(session.server.url('gateway'));
    expect(await ui.errorCount()).toBeGreaterThan(0);
  });
});
