import { describe, expect, it } from 'vitest';
import { webSession } from './support/web-session.ts';

const session = webSession();

describe('a 1024 px window (issue 12 fix 8)', () => {
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    it(`at ${width}×${height}: icon-only header buttons keep a name and a tooltip; suggestions stay inside the window`, async () => {
      const ui = await session.open(`narrow-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.runQuery();
      for (const name of ['Presets', 'Save preset', 'Analyze']) {
        const button = ui.page.getByRole('button', { name, exact: true });
        expect(await button.count(), name).toBe(1);
        expect(await button.getAttribute('title'), `${name} tooltip`).toMatch(new RegExp(`^${name}`));
      }
      await ui.filterInput('Status code').click();
      const list = ui.page.getByRole('listbox');
      await list.getByRole('option').first().waitFor();
      await ui.screenshot('status-suggestions');
      const box = (await list.boundingBox())!;
      const form = (await ui.page.getByRole('form', { name: 'Filters' }).boundingBox())!;
      expect(box.x + box.width, 'the list ends inside the filter card').toBeLessThanOrEqual(
        form.x + form.width,
      );
      expect(box.x).toBeGreaterThanOrEqual(form.x);
    });
  }
});
