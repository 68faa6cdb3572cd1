import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { destroyPostgres, startPostgres, type TestPostgres } from '../../electron/test-support/pg-server.ts';
import { sharedTestPostgres } from '../../electron/test-support/shared-postgres.ts';
import { AppPage } from '../pages/AppPage.ts';
import { launchBrowser, newPage, type BrowserPage } from './browser.ts';
import { REPO_ROOT } from './electron-runtime.ts';
import { createLiteLLMDatabase } from './litellm-db.ts';
import { startWebApp, type WebApp } from './web-app.ts';

export const ARTIFACTS = join(REPO_ROOT, 'e2e', 'artifacts');

type PageOptions = NonNullable<Parameters<typeof newPage>[1]>;

/** Contexts that differ only in viewport can serve one another; a faked clock is never shared. */
function contextKey(options: PageOptions): string | null {
  if (options.clockFrom !== undefined) return null;
  return JSON.stringify([options.colorScheme ?? 'light', options.timezoneId ?? null]);
}

/**
 * The setup most specs share: a LiteLLM database `gateway` and one Chromium per file; a fresh
 * `logdesk web` (own LOGDESK_HOME) per test, stopped after it, with no error allowed in the page.
 * The browser page is kept from test to test (emptied, its permissions taken back, sized anew):
 * each app has its own origin, so nothing of one test's page reaches the next, and a new context
 * costs Chromium a renderer process and a fresh compile of the whole bundle (~1.5 CPU-s a test).
 * The databases live in the run's shared PostgreSQL (under a prefix of the file's own) unless the spec needs a server of its own: `postgres` options (password auth, TLS) or
 * `ownPostgres` where the page is given a database's real name (the connection form).
 */
export function webSession(
  options: { postgres?: Parameters<typeof startPostgres>[0]; ownPostgres?: boolean } = {},
) {
  let server: TestPostgres;
  let browser: Browser;
  let app: WebApp | null = null;
  let tab: BrowserPage | null = null;
  let kept: { key: string; tab: BrowserPage } | null = null;

  beforeAll(async () => {
    server =
      options.postgres || options.ownPostgres ? await startPostgres(options.postgres) : sharedTestPostgres();
    await createLiteLLMDatabase(server, 'gateway');
    browser = await launchBrowser();
  });

  afterEach(async ({ task }) => {
    const done = tab;
    tab = null;
    try {
      if (!done) return;
      const problems = done.problems.splice(0);
      // After a failure the page may be anywhere (a dialog open, a download pending): the next test gets a new one.
      if (kept?.tab === done && task.result?.state === 'fail') kept = null;
      if (kept?.tab === done) {
        // Leave the app's page before the app stops: a page polling a stopped server is not the next test's problem.
        for (const other of done.context.pages()) if (other !== done.page) await other.close();
        await done.page.goto('about:blank');
        await done.page.emulateMedia({ media: null, colorScheme: done.colorScheme });
        await done.context.clearPermissions();
      } else {
        await done.context.close();
      }
      expect(problems, 'errors in the page').toEqual([]);
    } finally {
      await app?.stop();
      app = null;
    }
  });

  afterAll(async () => {
    await kept?.tab.context.close();
    await browser?.close();
    if (server) await destroyPostgres(server);
  });

  return {
    get server(): TestPostgres {
      return server;
    },
    /** The app and page of the running test (after `open`). */
    get app(): WebApp {
      if (!app) throw new Error('webSession: open() the app first');
      return app;
    },
    get tab(): BrowserPage {
      if (!tab) throw new Error('webSession: open() the app first');
      return tab;
    },
    /** Starts the app (with `env` added to its environment) and opens it in a new page; screenshots are named after `name`. */
    async open(name: string, page: PageOptions = {}, env: NodeJS.ProcessEnv = {}): Promise<AppPage> {
      app = await startWebApp(env);
      const key = contextKey(page);
      if (key !== null && kept?.key === key && !kept.tab.page.isClosed()) {
        tab = kept.tab;
        await tab.page.setViewportSize({ width: page.width ?? 1440, height: page.height ?? 900 });
      } else {
        tab = await newPage(browser, page);
        if (key !== null) {
          await kept?.tab.context.close();
          const mine = { key, tab };
          kept = mine;
          // A spec that closes its context itself (a restart) gets a new one at its next open.
          tab.context.once('close', () => {
            if (kept === mine) kept = null;
          });
        }
      }
      const ui = new AppPage(tab.page, ARTIFACTS, name);
      await ui.open(app.url);
      return ui;
    },
  };
}
