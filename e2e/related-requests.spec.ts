import { describe, expect, it } from 'vitest';
import { countErrorsInSql } from './support/litellm-db.ts';
import { webSession } from './support/web-session.ts';

const session = webSession();

/** Every error of DESIGN §2 in [from, to) (failed SpendLogs rows and ErrorLogs rows, one per id), optionally of one session. */
async function errorsInSql(q: { from: string; to: string; sessionId?: string }): Promise<number> {
  const { rows } = await session.server.exec(
    // Failed requests (DESIGN §2, issue 19): SpendLogs rows whose status is set and not success.
    `SELECT count(*)::int AS n FROM "LiteLLM_SpendLogs"
      WHERE "startTime" >= ($1::timestamptz AT TIME ZONE 'UTC') AND "startTime" < ($2::timestamptz AT TIME ZONE 'UTC')
        AND ($3::text IS NULL OR session_id = $3)
        AND COALESCE(NULLIF(status, ''), NULLIF(metadata->>'status', '')) <> 'success'`,
    [q.from, q.to, q.sessionId ?? null],
    'gateway',
  );
  return rows[0].n as number;
}

/**
 * What runs off the panel: an element sticking out of its right edge with no clipping box around
 * it, or a box whose content is wider than it and that neither scrolls by itself (the traceback's
 * <pre> may) nor truncates with an ellipsis. The panel and its body must never scroll sideways.
 */
function overflowingPanel(): string[] {
  const panel = document.querySelector('.detail-panel')!;
  const body = panel.querySelector('.detail-body');
  const edge = panel.getBoundingClientRect().right + 1;
  const name = (el: Element) => `${el.tagName.toLowerCase()}.${String(el.className)}`;
  const clipped = (el: Element) => {
    for (let a = el.parentElement; a && a !== panel; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= edge) return true;
    }
    return false;
  };
  const bad: string[] = [];
  for (const el of [panel, ...panel.querySelectorAll('*')]) {
    if (el.getBoundingClientRect().right > edge && !clipped(el)) bad.push(`sticks out: ${name(el)}`);
    if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
    const style = getComputedStyle(el);
    const scrollsItself =
      (style.overflowX === 'auto' || style.overflowX === 'scroll') && el !== panel && el !== body;
    const truncates = style.overflowX === 'hidden' && style.textOverflow === 'ellipsis';
    if (!scrollsItself && !truncates)
      bad.push(`content wider than ${name(el)}: ${el.scrollWidth} > ${el.clientWidth}`);
  }
  return bad;
}

describe('related requests from an error, and a long traceback inside the panel (issue 12 Add)', () => {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    it(`at ${width}×${height}: same session, deployment, key and ±5 minutes are one click each`, async () => {
      // The newest failed support-bot call gets a traceback with a line far wider than the panel.
      const { rows } = await session.server.exec(
        `SELECT request_id, session_id, model FROM "LiteLLM_SpendLogs"
          WHERE metadata->>'user_api_key_alias' = 'support-bot' AND session_id <> ''
            AND COALESCE(NULLIF(status, ''), metadata->>'status') <> 'success'
          ORDER BY "startTime" DESC, request_id DESC LIMIT 1`,
        [],
        'gateway',
      );
      const target = rows[0] as { request_id: string; session_id: string; model: string };
      const wide = `  File "/usr/lib/python3.11/site-packages/litellm/${'very_long_module_name/'.repeat(30)}main.py", line 1, in x`;
      await session.server.exec(
        `UPDATE "LiteLLM_SpendLogs" SET metadata = jsonb_set(metadata, '{error_information,traceback}', to_jsonb($1::text)) WHERE request_id = $2`,
        [
          `Traceback (most recent call last):\n${wide}\nlitellm.exceptions.RateLimitError: ${'x'.repeat(400)}`,
          target.request_id,
        ],
        'gateway',
      );

      const ui = await session.open(`related-${width}`, { width, height });
      await ui.selectUrl(session.server.url('gateway'));
      await ui.setTimeRange('24h');
      await ui.addFilter('Key alias', 'support-bot');
      await ui.runQuery();
      const range = await ui.resolvedRange();
      await ui.openRow(0);
      const panel = ui.detailPanel();
      expect(await panel.locator('.detail-id > span').getAttribute('title')).toBe(target.request_id);
      await panel.getByRole('heading', { name: 'Traceback' }).waitFor();
      expect(await ui.page.evaluate(overflowingPanel)).toEqual([]);
      await panel.locator('.traceback').scrollIntoViewIfNeeded();
      await ui.screenshot('traceback');

      const related = async (name: string) => {
        const before = await ui.runNumber();
        await panel.getByRole('button', { name, exact: true }).click();
        await ui.waitForRun(before);
      };
      await related('Same session');
      const sessionChip = ui.page.getByRole('form', { name: 'Filters' }).locator('.session-field .chip-text');
      expect(await sessionChip.allTextContents()).toEqual([target.session_id]);
      expect(await ui.filterValues('Key alias')).toEqual([]);
      expect(await ui.errorCount()).toBe(await errorsInSql({ ...range, sessionId: target.session_id }));
      await ui.screenshot('same-session');

      await related('Same deployment');
      expect(await ui.filterValues('Model')).toEqual([target.model]);
      expect(await sessionChip.count()).toBe(0);
      const deployments = await ui.page
        .locator('.grid-row:not(.grid-head) .col-model')
        .evaluateAll((els) => els.map((e) => e.getAttribute('title')));
      expect(deployments.length).toBeGreaterThan(0);
      expect(new Set(deployments)).toEqual(new Set([target.model]));

      await related('Same key');
      expect(await ui.filterValues('Key alias')).toEqual(['support-bot']);
      expect(await ui.filterValues('Model')).toEqual([]);
      expect(await ui.errorCount()).toBe(
        await countErrorsInSql(session.server, 'gateway', { ...range, keyAlias: 'support-bot' }),
      );

      await related('±5 minutes');
      const window = await ui.resolvedRange();
      const { rows: times } = await session.server.exec(
        `SELECT to_char("startTime", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t FROM "LiteLLM_SpendLogs" WHERE request_id = $1`,
        [target.request_id],
        'gateway',
      );
      const t = Date.parse(times[0].t as string);
      expect(window).toEqual({
        from: new Date(t - 300_000).toISOString(),
        to: new Date(t + 300_000).toISOString(),
      });
      expect(await ui.filterValues('Key alias')).toEqual([]);
      expect(await ui.errorCount()).toBe(await errorsInSql(window));
      await ui.screenshot('around');
    }, 180_000);
  }
});
