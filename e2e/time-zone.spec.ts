import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppPage } from './pages/AppPage.ts';
import { ReportPage } from './pages/report-page.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();
const ZONE = 'America/New_York';

/** `2026-12-01 07:30` on the wall clock of `timeZone`: what the app and the report must both say. */
function wallClock(iso: string, timeZone: string): string {
  const p = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => p.find((x) => x.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

async function exportedHeader(ui: AppPage): Promise<{ zone: string; range: string; zoneText: string }> {
  const dialog = await ui.exportReport(mkdtempSync(join(tmpdir(), 'logdesk-e2e-zone-')));
  const html = (await dialog.locator('.path-line span').first().textContent())!.trim();
  await dialog.getByRole('button', { name: 'Done' }).click();
  const context = await session.tab.context.browser()!.newContext({ timezoneId: 'Asia/Tokyo' });
  try {
    const report = await ReportPage.open(context, await context.newPage(), html);
    const meta = report.page.locator('header.report dl.meta');
    return {
      zone: (await meta.locator('dd[data-time-zone]').getAttribute('data-time-zone'))!,
      zoneText: (await meta.locator('dd[data-time-zone]').textContent())!,
      range: (await meta.locator('dt:text-is("Time range") + dd').textContent())!,
    };
  } finally {
    await context.close();
  }
}

describe('times say their zone; UTC or local everywhere, the report too (issue 12 fix 2)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: a New York browser sees the same times in the app and the report, local or UTC`, async () => {
      const ui = await session.open(`zone-${width}`, { width, height, timezoneId: ZONE });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      const { from } = await ui.resolvedRange();
      const zoneSwitch = ui.page.getByRole('radiogroup', { name: 'Time zone' });
      const shown = ui.page.getByTestId('result-range');

      // Local (the default): New York wall-clock times, labelled with the offset.
      expect(await zoneSwitch.getByRole('radio', { name: /^Local/ }).getAttribute('aria-checked')).toBe(
        'true',
      );
      const localText = (await shown.textContent())!;
      expect(localText.startsWith(`${wallClock(from, ZONE)} GMT-5 →`), localText).toBe(true);
      expect(await ui.page.getByTestId('timeline-zone').textContent()).toBe('GMT-5');
      await ui.screenshot('local');
      const local = await exportedHeader(ui);
      expect(local.zone).toBe(ZONE);
      expect(local.zoneText).toContain('America/New_York (GMT-5)');
      expect(local.range.startsWith(wallClock(from, ZONE)), local.range).toBe(true);
      expect(local.range).not.toContain('UTC');

      // UTC: the app and the report both switch.
      await zoneSwitch.getByRole('radio', { name: 'UTC' }).click();
      await expect.poll(() => shown.textContent()).toMatch(new RegExp(`^${wallClock(from, 'UTC')} UTC →`));
      expect(await ui.page.getByTestId('timeline-zone').textContent()).toBe('UTC');
      await ui.screenshot('utc');
      const utc = await exportedHeader(ui);
      expect(utc.zone).toBe('UTC');
      expect(utc.range.startsWith(wallClock(from, 'UTC')), utc.range).toBe(true);
      expect(utc.range).toContain('UTC');

      // Remembered: a reload still shows UTC.
      await ui.open(session.app.url);
      await expect
        .poll(() => zoneSwitch.getByRole('radio', { name: 'UTC' }).getAttribute('aria-checked'))
        .toBe('true');
      // Two exports on a shared machine: more than the default minute.
    }, 180_000);
  }
});
