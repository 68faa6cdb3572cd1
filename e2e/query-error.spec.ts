import { describe, expect, it } from 'vitest';
import { countErrorsInSql } from './support/litellm-db.ts';
import { webSession } from './support/web-session.ts';
const session = webSession({ ownPostgres: true });

describe('the database goes away in the middle of a session', () => {
  it('says why the query failed, keeps the previous results, and works again once the server is back', async () => {
    const ui = await session.open('query-error');
    const { server, tab } = session;
    await ui.selectUrl(server.url('gateway'));
    await ui.setTimeRange('24h');
    await ui.addFilter('Key alias', 'support-bot');
    await ui.runQuery();
    const n = await ui.errorCount();
    const range = await ui.resolvedRange();
    expect(n).toBe(await countErrorsInSql(server, 'gateway', { ...range, keyAlias: 'support-bot' }));
    const rowsBefore = await ui.rows().count();

    await server.stop();
    await ui.runQuery();
    const alert = ui.queryError();
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(/showing the previous results/);
    expect(text).toMatch(
      /Connection refused by postgres:\/\/postgres@127\.0\.0\.1:\d+\/gateway|not accepting connections|terminated/,
    );
    expect(text).toMatch(/Check that the database is reachable/);
    // The earlier answer stays on screen, untouched.
    expect(await ui.errorCount()).toBe(n);
    expect(await ui.rows().count()).toBe(rowsBefore);
    await ui.screenshot('failed');

    // Suggestions fail where they are shown, without breaking the form.
    await ui.filterInput('Model').fill('gpt');
    await tab.page.getByText(/Suggestions unavailable/).waitFor();
    await ui.filterInput('Model').fill('');
    await tab.page.keyboard.press('Escape');

    await server.start();
    const before = await ui.runNumber();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await ui.waitForRun(before);
    await alert.waitFor({ state: 'detached' });
    expect(await ui.errorCount()).toBe(n);
    await ui.screenshot('recovered');
    expect(tab.problems).toEqual([]);
  });
});
