import { describe, expect, it } from 'vitest';
import { Filters } from '../../shared/filters.ts';
import { watchFilterWords, watchForm, watchSettingsOf } from './watch-form.ts';

describe('the watch settings form', () => {
  it('starts from the defaults and sends them as the engine takes them (rate jump as a fraction)', () => {
    const result = watchSettingsOf(watchForm(undefined), 'Europe/Berlin');
    expect(result).toEqual({
      ok: true,
      settings: {
        everySeconds: 60,
        quietHours: null,
        timeZone: 'Europe/Berlin',
        thresholds: { spikeFactor: 3, minErrors: 10, rateJump: 0.1, minRequests: 20, recoverAfter: 2 },
      },
    });
  });

  it('shows a running watch as it runs, and gives it back unchanged', () => {
    const status = {
      source: { kind: 'demo' as const },
      everySeconds: 90,
      quietHours: '23:00-06:30',
      thresholds: { spikeFactor: 4.5, minErrors: 7, rateJump: 0.125, minRequests: 50, recoverAfter: 3 },
      webhookHost: null,
      remembered: true,
      inIncident: false,
      lastError: null,
    };
    const form = watchForm(status);
    expect(form.rateJumpPoints).toBe('12.5');
    const result = watchSettingsOf(form, 'UTC');
    expect(result.ok && result.settings).toMatchObject({
      everySeconds: 90,
      quietHours: '23:00-06:30',
      thresholds: status.thresholds,
    });
  });

  it('names each field that is wrong, and what it expects', () => {
    const form = {
      ...watchForm(undefined),
      everySeconds: '5',
      quietHours: '7pm-8am',
      spikeFactor: 'three',
      minErrors: '2.5',
      rateJumpPoints: '101',
      minRequests: '',
      recoverAfter: '500',
    };
    const result = watchSettingsOf(form, 'UTC');
    expect(result).toEqual({
      ok: false,
      problems: {
        everySeconds: 'at least 10 seconds',
        quietHours: 'HH:MM-HH:MM, e.g. 22:00-07:00',
        spikeFactor: 'a number',
        minErrors: 'a whole number',
        rateJumpPoints: 'between 0 and 100 percentage points',
        minRequests: 'a number',
        recoverAfter: 'at most 100 polls',
      },
    });
  });

  it('takes what logdesk watch takes: the filters shown, a webhook (checked), or its removal', () => {
    const filters = Filters.parse({
      models: ['gpt-4o'],
      exclude: { keyAliases: [''] },
      categories: ['rate_limit'],
      text: 'quota',
    });
    expect(watchFilterWords(filters)).toBe(
      'key alias ≠ (no key alias) · model gpt-4o · cause Provider rate limit · text “quota”',
    );
    expect(watchFilterWords(Filters.parse({}))).toBe('');
    const hook = 'https://hooks.slack.com/services/T0/B0/x';
    const ok = watchSettingsOf({ ...watchForm(undefined), webhook: ` ${hook} ` }, 'UTC', { filters });
    expect(ok.ok && ok.settings).toMatchObject({
      webhook: hook,
      filters: { models: ['gpt-4o'], categories: ['rate_limit'], text: 'quota' },
    });
    expect(watchSettingsOf({ ...watchForm(undefined), webhook: 'hooks.slack.com/x' }, 'UTC')).toEqual({
      ok: false,
      problems: { webhook: 'an http:// or https:// URL' },
    });
    const removed = watchSettingsOf(watchForm(undefined), 'UTC', { removeWebhook: true });
    expect(removed.ok && removed.settings.webhook).toBeNull();
    // Empty keeps the webhook set before: nothing is sent.
    const kept = watchSettingsOf(watchForm(undefined), 'UTC');
    expect(kept.ok && 'webhook' in kept.settings).toBe(false);
  });
});
