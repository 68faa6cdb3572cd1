import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectionsDialog } from './pages/ConnectionsDialog.ts';
import { webSession } from './support/web-session.ts';

const session = webSession({ ownPostgres: true });

describe('a new connection never silently replaces a saved one (issue 12 fix 5)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: same name is refused, + New starts clean, a test result goes when the form changes`, async () => {
      const ui = await session.open(`connection-names-${width}`, { width, height });
      const { server, app, tab } = session;
      const dialog = new ConnectionsDialog(tab.page);
      await dialog.open();
      const first = {
        name: 'gw',
        host: server.host,
        port: server.port,
        database: 'gateway',
        user: 'postgres',
      };
      await dialog.fillDirect(first);
      const report = await dialog.test();
      expect(await report.textContent()).toMatch(/Connection works/);
      // Changing the form makes the old result meaningless.
      await dialog.field('Database').fill('other');
      await report.waitFor({ state: 'detached' });
      await dialog.field('Database').fill('gateway');
      await dialog.save();
      await dialog.select('gw').waitFor();

      // "+ New connection" after typing starts from an empty form again.
      await dialog.root.getByRole('button', { name: '+ New connection' }).click();
      await dialog.field('Connection name').fill('half-typed');
      await dialog.field('Host').fill('somewhere');
      await dialog.root.getByRole('button', { name: '+ New connection' }).click();
      expect(await dialog.field('Connection name').inputValue()).toBe('');
      expect(await dialog.field('Host').inputValue()).not.toBe('somewhere');

      await dialog.fillDirect({ ...first, database: 'elsewhere' });
      await dialog.save();
      await dialog.root.getByText(/a connection named "gw" already exists/i).waitFor();
      await ui.screenshot('refused');
      const saved = JSON.parse(readFileSync(join(app.home, 'data', 'profiles.json'), 'utf8'));
      expect(JSON.stringify(saved)).toContain('"gateway"');
      expect(JSON.stringify(saved)).not.toContain('elsewhere');
    });
  }
});
