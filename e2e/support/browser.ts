import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium with the flags TESTING.md measured (no Playwright browser download). */
export const CHROMIUM_PATH = process.env.LOGDESK_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, so a spec can assert the UI ran clean. */
  problems: string[];
  colorScheme: 'light' | 'dark';
}

export async function newPage(
  browser: Browser,
  options: {
    colorScheme?: 'light' | 'dark';
    width?: number;
    height?: number;
    timezoneId?: string;
    clockFrom?: number;
  } = {},
): Promise<BrowserPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
    locale: 'en-US',
  });
  // Playwright's clock where a spec drives timers itself (live mode): a faked Date stalls recharts' drag.
  if (options.clockFrom !== undefined) await context.clock.install({ time: options.clockFrom });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A failed /api/call is reported by the UI itself; the browser also logs the HTTP status.
    if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text()))
      problems.push(`console: ${msg.text()}`);
  });
  return { context, page, problems, colorScheme: options.colorScheme ?? 'light' };
}
