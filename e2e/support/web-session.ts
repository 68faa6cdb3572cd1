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

/**
 * The setup most specs share: a LiteLLM database `gateway` and one Chromium per file; a fresh
 * `logdesk web` (own LOGDESK_HOME) and browser context per test, closed after it, with no error
 * allowed in the page. The databases live in the run's shared PostgreSQL (under a prefix of the
 * file's own) unless the spec needs a server of its own: `postgres` options (password auth, TLS) or
 * `ownPostgres` where the page is given a database's real name (the connection form).
 */
export function webSession(options: { postgres?: Parameters<typeof startPostgres>[0]; ownPostgres?: boolean } = {}) {
  let server: TestPostgres;
  let browser: Browser;
  let app: WebApp | null = null;
  let tab: BrowserPage | null = null;

  beforeAll(async () => {
    server = options.postgres || options.ownPostgres ? await startPostgres(options.postgres) : sharedTestPostgres();
    await createLiteLLMDatabase(server, 'gateway');
    browser = await launchBrowser();
  });

  afterEach(async () => {
    if (tab) expect(tab.problems, 'errors in the page').toEqual([]);
    await tab?.context.close();
    await app?.stop();
    tab = null;
    app = null;
  });

  afterAll(async () => {
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
    async open(name: string, page: Parameters<typeof newPage>[1] = {}, env: NodeJS.ProcessEnv = {}): Promise<AppPage> {
      app = await startWebApp(env);
      tab = await newPage(browser, page);
      const ui = new AppPage(tab.page, ARTIFACTS, name);
      await ui.open(app.url);
      return ui;
    },
  };
}
