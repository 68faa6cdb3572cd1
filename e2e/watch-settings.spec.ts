import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

describe('watch settings (web mode, real PostgreSQL)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: thresholds, quiet hours, filters and webhook are checked per field, saved, and the watch comes back after a restart`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'logdesk-e2e-watch-home-'));
      let ui = await session.open(`watch-settings-${width}`, { width, height }, { LOGDESK_HOME: home });
      await ui.selectUrl(session.server.url('gateway'));
      // What logdesk watch takes besides thresholds (issue 24 item 10): the filters on screen and a webhook.
      await ui.addFilter('Model', 'gpt-4o');
      const [model] = await ui.filterValues('Model');
      await ui.page.getByRole('button', { name: 'Watch settings' }).click();
      let dialog = ui.page.getByRole('dialog', { name: 'Watch settings' });
      const onScreen = dialog.getByLabel(`The filters on screen: model ${model}`);
      expect(await onScreen.isChecked()).toBe(true);
      await dialog.getByLabel('Poll every (seconds)').fill('120');
      await dialog.getByLabel('Error-rate jump (percentage points)').fill('250');
      await dialog.getByLabel('Quiet hours').fill('25:00-07:00');
      await dialog.getByLabel('Webhook URL (Slack-compatible)').fill('hooks.example.com/T0');
      await dialog.getByRole('button', { name: 'Save and watch' }).click();
      await expect
        .poll(() => dialog.locator('.field-error').allTextContents())
        .toEqual([
          'Expected an http:// or https:// URL',
          'Expected HH:MM-HH:MM, e.g. 22:00-07:00',
          'Expected between 0 and 100 percentage points',
        ]);
      expect(await dialog.getByLabel('Quiet hours').getAttribute('aria-invalid')).toBe('true');
      await ui.screenshot('problems');
      expect(await ui.page.getByRole('switch').isChecked()).toBe(false);

      await dialog.getByLabel('Error-rate jump (percentage points)').fill('15');
      await dialog.getByLabel('Quiet hours').fill('22:00-07:00');
      await dialog.getByLabel('Spike: at least this many errors').fill('25');
      await dialog
        .getByLabel('Webhook URL (Slack-compatible)')
        .fill('http://127.0.0.1:9/services/T0/B0/e2e-hook-secret');
      await dialog.getByRole('button', { name: 'Save and watch' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => ui.page.getByRole('switch').isChecked()).toBe(true);
      await expect
        .poll(() => ui.page.locator('.watch-switch').getAttribute('title'))
        .toMatch(/^Watching every 120 s|^Watching/);
      // Saved as asked: the filters watched and the hook's host, never its secret path.
      await ui.page.getByRole('button', { name: 'Watch settings' }).click();
      dialog = ui.page.getByRole('dialog', { name: 'Watch settings' });
      expect(await dialog.getByLabel(`As now: model ${model}`).isChecked()).toBe(true);
      expect(await dialog.textContent()).toContain('Posting to 127.0.0.1:9.');
      expect(await dialog.textContent()).not.toContain('e2e-hook-secret');
      await ui.screenshot('filters-webhook');
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      // Another run of the app on the same data folder: the watch is on again, with its settings.
      expect(session.tab.problems, 'errors in the page').toEqual([]);
      await session.tab.context.close();
      await session.app.stop();
      ui = await session.open(`watch-settings-${width}-restarted`, { width, height }, { LOGDESK_HOME: home });
      await ui.selectUrl(session.server.url('gateway'));
      await expect.poll(() => ui.page.getByRole('switch').isChecked(), { timeout: 40_000 }).toBe(true);
      await ui.page.getByRole('button', { name: 'Watch settings' }).click();
      dialog = ui.page.getByRole('dialog', { name: 'Watch settings' });
      expect(await dialog.getByLabel('Poll every (seconds)').inputValue()).toBe('120');
      expect(await dialog.getByLabel('Quiet hours').inputValue()).toBe('22:00-07:00');
      expect(await dialog.getByLabel('Error-rate jump (percentage points)').inputValue()).toBe('15');
      expect(await dialog.getByLabel('Spike: at least this many errors').inputValue()).toBe('25');
      // A restart shows no filter on screen: the watch keeps its own.
      expect(await dialog.getByLabel(`As now: model ${model}`).isChecked()).toBe(true);
      await ui.screenshot('restored');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await ui.page.getByRole('switch').uncheck();
      await expect.poll(() => ui.page.getByRole('switch').isChecked()).toBe(false);
    }, 180_000);
  }
});
