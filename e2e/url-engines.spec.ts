import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destroyMariaDb, startMariaDb, type TestMariaDb } from '../electron/test-support/mariadb-server.ts';
import type { AppPage } from './pages/AppPage.ts';
import {
  countRouterFailures,
  createRouterMariaDb,
  createRouterSqlite,
  TRACKER_BURST,
} from './support/tracker-db.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();
let maria: TestMariaDb;

beforeAll(async () => {
  maria = await startMariaDb();
  await maria.createDatabase('router', 'reader', 'reader-pw');
  await createRouterMariaDb(maria, 'router');
});

afterAll(async () => {
  if (maria) await destroyMariaDb(maria);
});

/** Types the URL into the source box and runs it over the last 24 hours: the router's built-in shape opens without a table named. */
async function runUrl(ui: AppPage, url: string): Promise<void> {
  await ui.selectUrl(url);
  await ui.page.locator('#source-url-hint').waitFor({ state: 'detached' });
  await ui.setTimeRange('24h');
  await ui.runQuery();
}

/** An instant as MariaDB's DATETIME reads it (UTC, as the fixture wrote it). */
const text = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace('Z', '');

async function expectBurstPattern(ui: AppPage): Promise<void> {
  const patterns = ui.page.getByRole('list', { name: 'Error patterns, new and growing first, then largest' });
  await patterns.waitFor({ timeout: 90_000 });
  expect(await patterns.getByRole('listitem').first().textContent()).toContain(
    'Rate limit reached for gpt-4o',
  );
}

describe('the source box takes every URL the engine takes (web mode, issue 20)', () => {
  it('a mysql:// URL to MariaDB runs and shows its failures', async () => {
    const ui = await session.open('url-mysql');
    await runUrl(ui, `mysql://reader:reader-pw@${maria.host}:${maria.port}/router`);
    const range = await ui.resolvedRange();
    const counted = (await maria.exec(
      'SELECT count(*) AS n FROM request_logs WHERE status_code NOT BETWEEN 200 AND 399 AND created_at >= ? AND created_at < ?',
      [text(range.from), text(range.to)],
      'router',
    )) as { n: number }[];
    expect(await ui.errorCount()).toBe(Number(counted[0]!.n));
    expect(Number(counted[0]!.n)).toBeGreaterThanOrEqual(TRACKER_BURST.size);
    await expectBurstPattern(ui);
    await ui.screenshot('mysql-1440');
  });

  it('a sqlite:/// URL runs and shows its failures', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logdesk-url-')), 'router.db');
    createRouterSqlite(file);
    const ui = await session.open('url-sqlite', { width: 1024, height: 700 });
    await runUrl(ui, `sqlite://${file}`);
    expect(await ui.errorCount()).toBe(countRouterFailures(file, await ui.resolvedRange()));
    await expectBurstPattern(ui);
    await ui.screenshot('sqlite-1024');
  });

  it('a URL the engine refuses shows the parser’s own reason and runs nothing', async () => {
    const ui = await session.open('url-refused');
    await ui.selectUrl('sqlite://relative/path.db');
    await ui.page.getByText('expected sqlite:///ABSOLUTE/PATH.db (three slashes)').waitFor();
    expect(await ui.runButton.isDisabled()).toBe(true);
  });
});
