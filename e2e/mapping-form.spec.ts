import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConnectionsDialog } from './pages/ConnectionsDialog.ts';
import {
  countRouterFailures,
  countTrackerFailures,
  createRouterSqlite,
  createTrackerDatabase,
  HOSTILE_ERROR,
  LONG_ERROR,
  TRACKER_BURST,
} from './support/tracker-db.ts';
import { webSession } from './support/web-session.ts';

const session = webSession({ ownPostgres: true });

beforeAll(async () => {
  await createTrackerDatabase(session.server, 'tracker');
});

describe('the mapping form (web mode, real PostgreSQL)', () => {
  it('maps an llm_tracker_usage table, refuses a wrong type at its field, and the saved source shows the burst', async () => {
    const ui = await session.open('mapping-form', { height: 900 });
    const { server, app, tab } = session;
    const page = tab.page;
    const dialog = new ConnectionsDialog(page);
    await dialog.open();
    await dialog.fillDirect({
      name: 'tracker-db',
      host: server.host,
      port: server.port,
      database: 'tracker',
      user: 'postgres',
    });

    await dialog.loadTables();
    const tableSelect = dialog.mapping.getByLabel('Table', { exact: true });
    // The detected built-in shape is offered first, named.
    const options = await tableSelect.locator('option').allTextContents();
    expect(options[1]).toBe('llm_tracker_usage — Django llm_tracker');
    await dialog.pickTable('llm_tracker_usage');
    await dialog.mapping
      .getByRole('note')
      .filter({ hasText: 'Built-in mapping llm_tracker_usage suggested' })
      .waitFor();
    await dialog.mapping.scrollIntoViewIfNeeded();
    await ui.screenshot('table-1440');

    // Columns with types and five sample rows, no raw control character, long values cut with the full one on hover.
    const sample = dialog.mapping.getByRole('region', {
      name: 'Columns and sample rows of llm_tracker_usage',
    });
    expect(await sample.locator('thead th').first().textContent()).toBe('iduuid');
    expect(await sample.locator('thead th', { hasText: 'created_at' }).textContent()).toBe(
      'created_attimestamp with time zone',
    );
    expect(await sample.locator('tbody tr').count()).toBe(5);
    const sampleText = (await sample.textContent()) ?? '';
    // eslint-disable-next-line no-control-regex
    expect(sampleText).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const cut = sample.locator('tbody td', { hasText: 'Upstream said' });
    expect(await cut.textContent()).toMatch(/^Upstream said �\[31mred.{10,}…$/);
    // eslint-disable-next-line no-control-regex
    expect(await cut.getAttribute('title')).toBe(`${HOSTILE_ERROR} ${LONG_ERROR}`.replace(/\u001b/g, '�'));

    // The suggestion: the built-in mapping; one field changed by hand.
    expect(await dialog.mappingField('Time (required)').inputValue()).toBe('created_at');
    expect(await dialog.mappingField('Key / user').inputValue()).toBe('user_id');
    expect(await dialog.mapping.getByLabel('Success column (required)').inputValue()).toBe('success');
    await dialog.mappingField('Team / app').selectOption('app_name');

    // A wrong type is refused at the field, naming the column and the type expected; nothing is saved.
    await dialog.mappingField('Duration (ms)').selectOption('model');
    const refused = await dialog.preview();
    expect(await refused.textContent()).toContain('does not fit the table');
    // The message is the select's own description, under it.
    const described = await dialog.mappingField('Duration (ms)').getAttribute('aria-describedby');
    const durationProblem = page.locator(`[id="${described}"]`);
    expect(await durationProblem.textContent()).toMatch(
      /^durationMs: column "model" of table "llm_tracker_usage" is text \(text\); expected a number column$/,
    );
    expect(await dialog.mappingField('Duration (ms)').getAttribute('aria-invalid')).toBe('true');
    await ui.screenshot('field-error-1440');
    await dialog.save();
    // Saving checks the mapping against the table first, and stops at the field.
    await dialog.root
      .getByRole('button', { name: 'Save connection' })
      .and(page.locator(':enabled'))
      .waitFor();
    await durationProblem.waitFor();
    expect(await dialog.select('tracker-db').count()).toBe(0);

    // Fixed: the preview counts calls and failures over the range, with the first rows.
    await dialog.mappingField('Duration (ms)').selectOption('');
    await dialog.mapping.getByLabel('Preview range').selectOption('24h');
    const preview = await dialog.preview();
    const previewText = (await preview.textContent()) ?? '';
    const failures = 20 + TRACKER_BURST.size;
    expect(previewText).toMatch(new RegExp(`^${200 + TRACKER_BURST.size} calls, ${failures} failures from `));
    expect(await preview.locator('tbody tr').count()).toBe(5);
    // eslint-disable-next-line no-control-regex
    expect(previewText).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    await ui.screenshot('preview-1440');
    await page.setViewportSize({ width: 1024, height: 700 });
    await preview.scrollIntoViewIfNeeded();
    await ui.screenshot('preview-1024');
    await dialog.mappingField('Time (required)').scrollIntoViewIfNeeded();
    await ui.screenshot('fields-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    await dialog.save();
    await dialog.select('tracker-db').waitFor();
    const saved = JSON.parse(readFileSync(join(app.home, 'data', 'profiles.json'), 'utf8')) as unknown;
    expect(JSON.stringify(saved)).toContain('"teamAlias":"app_name"');
    expect(JSON.stringify(saved)).toContain('"table":"llm_tracker_usage"');

    // The saved source investigates like LiteLLM: the burst is the top pattern and a spike.
    // Opened again, the form shows the saved mapping, not a fresh suggestion.
    await dialog.select('tracker-db').click();
    await dialog.mapping.getByText('Mapped table: llm_tracker_usage.').waitFor();
    await dialog.loadTables();
    await dialog.mapping.getByRole('group', { name: 'Columns of each call field' }).waitFor();
    expect(await dialog.mappingField('Team / app').inputValue()).toBe('app_name');
    expect(await dialog.mapping.getByLabel('Table', { exact: true }).inputValue()).toBe('llm_tracker_usage');
    await dialog.use('tracker-db');
    await ui.setTimeRange('24h');
    await ui.runQuery();
    const range = await ui.resolvedRange();
    expect(await ui.errorCount()).toBe(await countTrackerFailures(server, 'tracker', range));
    const patterns = page.getByRole('list', { name: 'Error patterns, new and growing first, then largest' });
    await patterns.waitFor({ timeout: 90_000 });
    const top = patterns.getByRole('listitem').first();
    expect(await top.textContent()).toContain('Rate limit reached for gpt-4o');
    expect(Number(((await top.locator('.pattern-count strong').textContent()) ?? '').replace(/,/g, ''))).toBe(
      TRACKER_BURST.size,
    );
    const spike = page.getByRole('list', { name: 'Spikes, strongest first' }).getByRole('listitem').first();
    const spikeText = (await spike.textContent()) ?? '';
    // The burst's 15-minute window (it may hold one background failure too), naming the burst's model and user.
    const inSpike = Number(/: (\d+) errors /.exec(spikeText)?.[1]);
    expect(inSpike).toBeGreaterThanOrEqual(TRACKER_BURST.size);
    expect(inSpike).toBeLessThanOrEqual(TRACKER_BURST.size + 1);
    expect(spikeText).toContain(`model ${TRACKER_BURST.model}`);
    expect(spikeText).toContain(`key alias ${TRACKER_BURST.user}`);
    await ui.screenshot('investigation-1440');
  });

  it("maps a router's request_logs in a SQLite file by hand (HTTP range), and it investigates", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'logdesk-router-')), 'router.db');
    createRouterSqlite(file);
    const ui = await session.open('mapping-sqlite', { width: 1024, height: 700 });
    const page = session.tab.page;
    const dialog = new ConnectionsDialog(page);
    await dialog.open();
    await dialog.root.getByRole('button', { name: '+ New connection' }).click();
    await dialog.field('Connection name').fill('router-lite');
    // By keyboard: from PostgreSQL, two steps right in the engine's radio group.
    await dialog.root.getByRole('radio', { name: 'PostgreSQL' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await dialog.root.getByRole('radio', { name: 'SQLite' }).isChecked()).toBe(true);
    expect(await dialog.root.getByRole('radio', { name: 'Local file' }).isChecked()).toBe(true);
    expect(await dialog.root.getByRole('radio', { name: 'SSH tunnel' }).count()).toBe(0);
    await dialog.field('SQLite file').fill(file);
    // Before a table is picked, the connection test lists the file's tables (not LiteLLM's).
    const report = await dialog.test();
    expect(await report.textContent()).toMatch(
      /Connection works.*Tables of LLM calls.*2 tables; built-in shapes: request_logs.*SQLite 3\./s,
    );
    await dialog.loadTables();
    // The router's request_logs is a built-in shape now (issue 21): offered as detected, still mapped by hand here.
    expect(
      await dialog.mapping
        .getByLabel('Table', { exact: true })
        .locator('optgroup[label="Detected shapes"]')
        .count(),
    ).toBe(1);
    await dialog.pickTable('request_logs');
    expect(await dialog.mappingField('Time (required)').inputValue()).toBe('created_at');
    expect(await dialog.mappingField('Duration (ms)').inputValue()).toBe('latency_ms');
    expect(await dialog.mapping.getByRole('radio', { name: 'HTTP status range' }).isChecked()).toBe(true);
    expect(await dialog.mapping.getByLabel('Success column (required)').inputValue()).toBe('status_code');
    // The built-in router shape maps its key column too (issue 21); the field still takes a choice by keyboard.
    expect(await dialog.mappingField('Key / user').inputValue()).toBe('api_key_name');
    await dialog.mappingField('Key / user').focus();
    await dialog.mappingField('Key / user').selectOption('api_key_name');
    await dialog.mapping.getByLabel('Preview range').selectOption('24h');
    const preview = await dialog.preview();
    expect(await preview.textContent()).toMatch(
      new RegExp(`^${150 + TRACKER_BURST.size} calls, ${10 + TRACKER_BURST.size} failures from `),
    );
    await ui.screenshot('preview-1024');
    // Tested again, it checks the table and the mapping as the form holds them.
    const mapped = await dialog.test();
    expect(await mapped.textContent()).toMatch(/Connection works.*Table and mapping/s);
    await dialog.save();
    await dialog.select('router-lite').waitFor();

    await dialog.use('router-lite');
    await ui.setTimeRange('24h');
    await ui.runQuery();
    expect(await ui.errorCount()).toBe(countRouterFailures(file, await ui.resolvedRange()));
    const patterns = page.getByRole('list', { name: 'Error patterns, new and growing first, then largest' });
    await patterns.waitFor({ timeout: 90_000 });
    expect(await patterns.getByRole('listitem').first().textContent()).toContain(
      'Rate limit reached for gpt-4o',
    );
    const spike = page.getByRole('list', { name: 'Spikes, strongest first' }).getByRole('listitem').first();
    expect(await spike.textContent()).toContain(`key alias ${TRACKER_BURST.user}`);
    await ui.screenshot('investigation-1024');
  });
});
