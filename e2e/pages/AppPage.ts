import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export type FilterLabel = 'Key alias' | 'Model' | 'Error type' | 'Status code' | 'Team alias';
export type BreakdownTitle = 'By model' | 'By error type' | 'By key alias';

/** The Logdesk window as a user sees it: specs read as a user's steps (STYLE: page models). */
export class AppPage {
  constructor(
    readonly page: Page,
    private readonly artifacts: string,
    private readonly prefix: string,
  ) {}

  /** Opens the app with the full filter form shown, as the specs fill its fields (issue 24 item 11). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.runButton.waitFor();
    await this.showAllFilters(true);
  }

  /** Shows (or folds to its one line) the full filter form; the app remembers the choice. */
  async showAllFilters(show: boolean): Promise<void> {
    const toggle = this.page.getByRole('form', { name: 'Filters' }).locator('.filter-toggle');
    if ((await toggle.getAttribute('aria-expanded')) !== String(show)) await toggle.click();
    await this.page.locator('#filter-fields').waitFor({ state: show ? 'visible' : 'hidden' });
  }

  get runButton(): Locator {
    return this.page.getByRole('form', { name: 'Filters' }).getByRole('button', { name: 'Run query' });
  }

  private get workspace(): Locator {
    return this.page.locator('main.workspace');
  }

  async selectDemo(): Promise<void> {
    await this.page.getByLabel('Source', { exact: true }).selectOption('demo');
  }

  async selectUrl(url: string): Promise<void> {
    await this.page.getByLabel('Source', { exact: true }).selectOption('url');
    await this.page.getByLabel('Database URL').fill(url);
  }

  async selectProfile(name: string): Promise<void> {
    await this.page.getByLabel('Source', { exact: true }).selectOption({ label: name });
  }

  async setTimeRange(last: '15m' | '1h' | '6h' | '24h' | '7d' | '30d'): Promise<void> {
    await this.page.getByLabel('Time range').selectOption(last);
  }

  filterInput(label: FilterLabel): Locator {
    return this.page.getByRole('combobox', { name: label, exact: true });
  }

  /** Types a value into a filter field and presses Enter, as a user picking it. */
  async addFilter(label: FilterLabel, value: string): Promise<void> {
    const input = this.filterInput(label);
    await input.fill(value);
    await input.press('Enter');
  }

  /** The values a filter keeps ("= value" chips). */
  async filterValues(label: FilterLabel): Promise<string[]> {
    return this.page
      .locator('.values-field', { has: this.filterInput(label) })
      .locator('.chip:not(.chip-excluded) .chip-text')
      .allTextContents();
  }

  /** The values a filter leaves out, as the chips read: "≠ value". */
  async excludedValues(label: FilterLabel): Promise<string[]> {
    const chips = this.page
      .locator('.values-field', { has: this.filterInput(label) })
      .locator('.chip-excluded');
    return (await chips.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** The run counter before an action that runs a query, to wait for exactly that run. */
  async runNumber(): Promise<number> {
    return Number(await this.workspace.getAttribute('data-run'));
  }

  async waitForRun(after: number, timeout = 90_000): Promise<void> {
    await this.page.waitForFunction(
      (n) => Number(document.querySelector('main.workspace')?.getAttribute('data-settled-run')) > n,
      after,
      { timeout },
    );
  }

  /** Clicks Run query and waits until its answer (results or an error) is on screen. */
  async runQuery(): Promise<void> {
    const before = await this.runNumber();
    await this.runButton.click();
    await this.waitForRun(before);
  }

  async pressEnterIn(label: FilterLabel): Promise<void> {
    const before = await this.runNumber();
    await this.filterInput(label).press('Enter');
    await this.waitForRun(before);
  }

  /** N from the summary line `N errors` (a mapped source) or `N failed requests` (LiteLLM, issue 19). */
  async errorCount(): Promise<number> {
    const text = (await this.page.getByTestId('error-total').textContent()) ?? '';
    const m = /^([\d,]+) (errors?|failed requests?|failed attempts?)$/.exec(text.trim());
    if (!m) throw new Error(`summary does not read "N errors" or "N failed requests": "${text}"`);
    return Number(m[1]!.replace(/,/g, ''));
  }

  /** The UTC range the engine resolved for the results on screen. */
  async resolvedRange(): Promise<{ from: string; to: string }> {
    const summary = this.page.getByRole('region', { name: 'Result summary' });
    return { from: (await summary.getAttribute('data-from'))!, to: (await summary.getAttribute('data-to'))! };
  }

  queryError(): Locator {
    return this.page.getByRole('alert').filter({ hasText: 'The query failed' });
  }

  breakdownBar(chart: BreakdownTitle, value: string): Locator {
    return this.page
      .getByRole('region', { name: chart, exact: true })
      .getByRole('button', { name: `${value}: ` });
  }

  /** Clicks a bar of a breakdown chart; the app adds the filter and runs the query. */
  async clickBar(chart: BreakdownTitle, value: string): Promise<void> {
    const before = await this.runNumber();
    await this.breakdownBar(chart, value).click();
    await this.waitForRun(before);
  }

  rows(): Locator {
    return this.page
      .getByRole('grid')
      .getByRole('row')
      .filter({ hasNot: this.page.getByRole('columnheader') });
  }

  detailPanel(): Locator {
    return this.page.getByRole('dialog', { name: 'Error details' });
  }

  /**
   * Waits until the patterns and spikes cards hold their answer. They sit above the table and load
   * after the run settles; growing, they move the table down (740 px at 1024×700, measured), so a
   * click aimed at a row meanwhile lands on whatever slid under the pointer.
   */
  async waitForInsights(): Promise<void> {
    await this.page.waitForFunction(
      () => !document.querySelector('main.workspace .insights [aria-busy="true"]'),
      undefined,
      { timeout: 90_000 },
    );
  }

  async openRow(index: number): Promise<void> {
    await this.waitForInsights();
    await this.rows().nth(index).click();
    await this.detailPanel().waitFor();
  }

  async savePreset(name: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Save preset' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Save preset' });
    await dialog.getByLabel('Preset name').fill(name);
    await dialog.getByRole('button', { name: /^(Save|Replace preset)$/ }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  async openPresets(): Promise<Locator> {
    await this.page.getByRole('button', { name: /^Presets/ }).click();
    const popover = this.page.getByRole('dialog', { name: 'Saved presets' });
    await popover.waitFor();
    return popover;
  }

  async applyPreset(name: string): Promise<void> {
    const popover = await this.openPresets();
    const before = await this.runNumber();
    await popover.getByTitle(`Apply ${name}`).click();
    await this.waitForRun(before);
  }

  async configureLlm(baseUrl: string, model: string, apiKey: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'LLM settings' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'LLM settings' });
    await dialog.getByLabel('Base URL').fill(baseUrl);
    await dialog.getByLabel('LLM model').fill(model);
    await dialog.getByLabel('API key').fill(apiKey);
    return dialog;
  }

  analysisPanel(): Locator {
    return this.page.getByRole('region', { name: 'Analysis' });
  }

  async analyze(): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Analyze', exact: true }).click();
    const panel = this.analysisPanel();
    await panel.waitFor();
    return panel;
  }

  /** Export report → folder → Export; returns the dialog once the report is written. */
  async exportReport(folder: string): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Export report' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Export report' });
    await dialog.getByLabel('Folder').fill(folder);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await dialog.getByRole('status', { name: 'Report written' }).waitFor({ timeout: 90_000 });
    return dialog;
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(this.artifacts, { recursive: true });
    const path = join(this.artifacts, `${this.prefix}-${name}.png`);
    // Finished transitions: a panel caught mid-slide shows the page through it.
    await this.page.screenshot({ path, animations: 'disabled' });
    return path;
  }
}
