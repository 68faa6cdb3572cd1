import {
  DEFAULT_THRESHOLDS,
  WatchSettings,
  WebhookUrl,
  type WatchStatus,
} from '../../shared/contract/watch.ts';
import { categoryWords, FILTER_FIELDS, filterWords, type Filters } from '../../shared/filters.ts';

/** The watch settings form as typed: strings, so a half-typed number is kept, not lost. */
export interface WatchForm {
  everySeconds: string;
  quietHours: string;
  spikeFactor: string;
  minErrors: string;
  /** Percentage points (10 = the rate rises by 10 points); the engine takes a fraction. */
  rateJumpPoints: string;
  minRequests: string;
  recoverAfter: string;
  /** A new webhook URL; empty keeps the one set (or none). */
  webhook: string;
}
export type WatchFormField = keyof WatchForm;

const points = (fraction: number) => String(Math.round(fraction * 1000) / 10);

export function watchForm(status: WatchStatus | undefined): WatchForm {
  const t = status?.thresholds ?? DEFAULT_THRESHOLDS;
  return {
    everySeconds: String(status?.everySeconds ?? 60),
    quietHours: status?.quietHours ?? '',
    spikeFactor: String(t.spikeFactor),
    minErrors: String(t.minErrors),
    rateJumpPoints: points(t.rateJump),
    minRequests: String(t.minRequests),
    recoverAfter: String(t.recoverAfter),
    webhook: '',
  };
}

const LABELS: Record<(typeof FILTER_FIELDS)[number], string> = {
  keyAliases: 'key alias',
  models: 'model',
  errorTypes: 'error type',
  statusCodes: 'status',
  teamAliases: 'team',
};

/** The filters a watch counts, as one line (`model gpt-4o · key alias ≠ bot`); '' when it counts every error. */
export function watchFilterWords(f: Filters | undefined): string {
  if (!f) return '';
  const parts = FILTER_FIELDS.map((field) => [LABELS[field], filterWords(f, field)] as const)
    .filter(([, words]) => words)
    .map(([label, words]) => `${label} ${words}`);
  const causes = categoryWords(f);
  if (causes) parts.push(`cause ${causes}`);
  if (f.text) parts.push(`text “${f.text}”`);
  return parts.join(' · ');
}

const FIELD_OF_PATH: Record<string, WatchFormField> = {
  everySeconds: 'everySeconds',
  quietHours: 'quietHours',
  'thresholds.spikeFactor': 'spikeFactor',
  'thresholds.minErrors': 'minErrors',
  'thresholds.rateJump': 'rateJumpPoints',
  'thresholds.minRequests': 'minRequests',
  'thresholds.recoverAfter': 'recoverAfter',
  webhook: 'webhook',
};

const QUIET = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;

/** The request the form stands for, or each field's problem (checked with the contract's own schema). */
export function watchSettingsOf(
  form: WatchForm,
  timeZone: string,
  /** The filters to watch (undefined: every error); `removeWebhook` drops the webhook set before. */
  extra: { filters?: Filters | undefined; removeWebhook?: boolean } = {},
): { ok: true; settings: WatchSettings } | { ok: false; problems: Partial<Record<WatchFormField, string>> } {
  const problems: Partial<Record<WatchFormField, string>> = {};
  const num = (field: WatchFormField): number => {
    const text = form[field].trim();
    const value = text === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) problems[field] = 'a number';
    return value;
  };
  const quiet = form.quietHours.trim();
  if (quiet && !QUIET.test(quiet)) problems.quietHours = 'HH:MM-HH:MM, e.g. 22:00-07:00';
  const hook = form.webhook.trim();
  if (hook && !WebhookUrl.safeParse(hook).success) problems.webhook = 'an http:// or https:// URL';
  const candidate = {
    ...(extra.filters ? { filters: { ...extra.filters, limit: undefined } } : {}),
    ...(extra.removeWebhook ? { webhook: null } : hook ? { webhook: hook } : {}),
    everySeconds: num('everySeconds'),
    quietHours: quiet || null,
    timeZone,
    thresholds: {
      spikeFactor: num('spikeFactor'),
      minErrors: num('minErrors'),
      rateJump: num('rateJumpPoints') / 100,
      minRequests: num('minRequests'),
      recoverAfter: num('recoverAfter'),
    },
  };
  const parsed = WatchSettings.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_OF_PATH[issue.path.map(String).join('.')];
      if (!field || problems[field]) continue;
      problems[field] =
        field === 'rateJumpPoints'
          ? 'between 0 and 100 percentage points'
          : issue.code === 'invalid_type' && /int/.test(issue.message)
            ? 'a whole number'
            : issue.message
                .replace(/^Invalid input: /, '')
                .replace(/^Too (small|big): expected number to be /, '');
    }
  }
  return Object.keys(problems).length ? { ok: false, problems } : { ok: true, settings: parsed.data! };
}
