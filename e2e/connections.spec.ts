import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectionsDialog } from './pages/ConnectionsDialog.ts';
import { countErrorsInSql } from './support/litellm-db.ts';
import { webSession } from './support/web-session.ts';
const PASSWORD = 'Reader-pw-7f3c1d';
// Password logins over TCP, as a real server would ask.
const session = webSession({ postgres: { passwordAuth: true } });

beforeAll(async () => {
  const { server } = session;
  await server.createDatabase('other_app');
  await server.exec(`CREATE ROLE reader LOGIN PASSWORD '${PASSWORD}'`);
  await server.exec('GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader', [], 'gateway');
});

describe('the connection manager', () => {
  it('creates, tests, saves and uses a connection, then edits and deletes it', async () => {
    const ui = await session.open('connections');
    const { server, app, tab } = session;
    const dialog = new ConnectionsDialog(tab.page);
    await dialog.open();
    // The demo is always listed.
    await dialog.select('Demo database').waitFor();

    await dialog.fillDirect({
      name: 'gateway-db',
      host: server.host,
      port: server.port,
      database: 'gateway',
      user: 'reader',
    });
    const refused = await dialog.test();
    expect(await refused.textContent()).toMatch(/Connection failed.*Database login/s);

    await dialog.field('Password').fill(PASSWORD);
    const report = await dialog.test();
    const text = (await report.textContent()) ?? '';
    expect(text).toMatch(/Connection works/);
    expect(text).toMatch(/LiteLLM tables found/);
    await ui.screenshot('tested');
    await dialog.save();
    await dialog.select('gateway-db').waitFor();
    // The password went to the secret store, not into the profile file.
    const profilesFile = readFileSync(join(app.home, 'data', 'profiles.json'), 'utf8');
    expect(profilesFile).toContain('gateway-db');
    expect(profilesFile).not.toContain(PASSWORD);
    await ui.screenshot('saved');

    await dialog.use('gateway-db');
    expect(await tab.page.getByLabel('Source', { exact: true }).inputValue()).toBe('profile:gateway-db');
    await ui.setTimeRange('24h');
    await ui.addFilter('Key alias', 'support-bot');
    await ui.runQuery();
    const range = await ui.resolvedRange();
    expect(await ui.errorCount()).toBe(
      await countErrorsInSql(server, 'gateway', { ...range, keyAlias: 'support-bot' }),
    );
    expect(await tab.page.getByRole('region', { name: 'Result summary' }).textContent()).toContain('reader@');

    // Editing: point it at a database without LiteLLM tables, and the test says so.
    await dialog.open();
    await dialog.select('gateway-db').click();
    await dialog.field('Database').fill('other_app');
    const wrong = await dialog.test();
    expect(await wrong.textContent()).toMatch(/Connection failed/);
    await dialog.remove('gateway-db');
    expect(readFileSync(join(app.home, 'data', 'profiles.json'), 'utf8')).not.toContain('gateway-db');
    expect(tab.problems).toEqual([]);
  });
});
