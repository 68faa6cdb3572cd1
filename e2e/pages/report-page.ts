import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * An exported report opened from disk, as a colleague opens it from chat: every request that is not
 * the file itself is aborted and recorded, so a spec can prove the page needs no network.
 */
export class ReportPage {
  private readonly requested = new Set<string>();

  /** Requests other than the report file (each one aborted), sorted. */
  get external(): string[] {
    return [...this.requested].sort();
  }

  private constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  static async open(context: BrowserContext, page: Page, file: string): Promise<ReportPage> {
    const url = pathToFileURL(file).href;
    const report = new ReportPage(page, url);
    await context.route('**/*', async (route) => {
      const requested = route.request().url();
      if (requested === url) return route.continue();
      report.requested.add(requested);
      return route.abort('blockedbyclient');
    });
    // Requests the router does not see (other schemes) still show up here.
    page.on('request', (request) => {
      if (request.url() !== url) report.requested.add(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    return report;
  }

  title() {
    return this.page.getByRole('heading', { level: 1 }).textContent();
  }

  /** The big numbers under the header, by their label. */
  async totals(): Promise<Record<string, string>> {
    return this.page
      .locator('.totals .total')
      .evaluateAll((cards) =>
        Object.fromEntries(
          cards.map((c) => [
            c.querySelector('.label')!.textContent!,
            c.querySelector('.value')!.textContent!,
          ]),
        ),
      );
  }

  chart(name: string) {
    return this.page.getByRole('img', { name });
  }

  section(heading: RegExp | string) {
    return this.page
      .locator('section')
      .filter({ has: this.page.getByRole('heading', { level: 2, name: heading }) });
  }

  errorRows() {
    return this.page.locator('.errors details');
  }

  /** Resources the page loaded, by the browser's own account. */
  loadedResources(): Promise<number> {
    return this.page.evaluate(() => performance.getEntriesByType('resource').length);
  }
}
