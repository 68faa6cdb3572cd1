import type { Locator, Page } from 'playwright-core';

export interface DirectConnection {
  name: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
}

/** The Connections dialog: create, test, save, use and delete connection profiles. */
export class ConnectionsDialog {
  readonly root: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByRole('dialog', { name: 'Connections' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Connections' }).click();
    await this.root.waitFor();
  }

  field(label: string): Locator {
    return this.root.getByLabel(label, { exact: true });
  }

  async fillDirect(c: DirectConnection): Promise<void> {
    await this.root.getByRole('button', { name: '+ New connection' }).click();
    await this.field('Connection name').fill(c.name);
    await this.root.getByRole('radio', { name: 'Direct' }).check();
    await this.field('Host').fill(c.host);
    await this.field('Port').fill(String(c.port));
    await this.field('Database').fill(c.database);
    await this.field('User').fill(c.user);
    if (c.password) await this.field('Password').fill(c.password);
  }

  /** Runs the connection test and returns its report. */
  async test(): Promise<Locator> {
    await this.root.getByRole('button', { name: 'Test connection' }).click();
    const report = this.root.getByRole('status', { name: 'Connection test result' });
    await report.waitFor({ timeout: 60_000 });
    return report;
  }

  async save(): Promise<void> {
    await this.root.getByRole('button', { name: /^Save (connection|changes)$/ }).click();
  }

  select(name: string): Locator {
    return this.root
      .getByRole('navigation', { name: 'Saved connections' })
      .getByRole('button', { name: new RegExp(`^${name}\\b`) });
  }

  async use(name: string): Promise<void> {
    await this.select(name).click();
    await this.root.getByRole('button', { name: 'Use this connection' }).click();
    await this.root.waitFor({ state: 'detached' });
  }

  async remove(name: string): Promise<void> {
    await this.select(name).click();
    await this.root.getByRole('button', { name: `Delete connection ${name}` }).click();
    await this.root.getByRole('button', { name: 'Delete', exact: true }).click();
    await this.select(name).waitFor({ state: 'detached' });
  }

  /** The "Table of LLM calls" part of the connection form. */
  get mapping(): Locator {
    return this.root.getByRole('group', { name: 'Table of LLM calls' });
  }

  /** A call field's column picker in the mapping form. */
  mappingField(label: string): Locator {
    return this.mapping.getByRole('group', { name: 'Columns of each call field' }).getByLabel(label);
  }

  async loadTables(): Promise<void> {
    await this.mapping.getByRole('button', { name: /^(Load|Reload) tables$/ }).click();
    await this.mapping.getByLabel('Table', { exact: true }).waitFor({ timeout: 60_000 });
  }

  /** Picks a table by its label ("llm_tracker_usage — Django llm_tracker") and waits for its columns. */
  /** Picks a table by its name (a detected shape's option reads "name — shape"). */
  async pickTable(name: string): Promise<void> {
    await this.mapping.getByLabel('Table', { exact: true }).selectOption({ value: name });
    await this.mapping
      .getByRole('group', { name: 'Columns of each call field' })
      .waitFor({ timeout: 60_000 });
  }

  /** Runs the preview; returns its result or the field problems' summary, whichever comes. */
  async preview(): Promise<Locator> {
    await this.mapping.getByRole('button', { name: 'Preview', exact: true }).click();
    const result = this.mapping.locator('.mapping-preview, p.field-error[role="alert"]');
    await result.first().waitFor({ timeout: 60_000 });
    return result.first();
  }
}
