import { z } from 'zod';
import { Source } from '../connection.ts';
import { Filters } from '../filters.ts';
import { defineArea, defineEvents } from './define.ts';

/** What a watch reports when an incident starts or ends (electron/engine/watch/watcher.ts). */
export const WatchEventData = z.object({
  kind: z.enum(['incident', 'recovered']),
  watch: z.string(),
  since: z.string(),
  at: z.string(),
  reason: z.string(),
  current: z.object({ errors: z.number(), requests: z.number() }),
  message: z.string(),
  /** The incident's view: the watch's filters over the incident's time. */
  view: Filters,
});
export type WatchEventData = z.infer<typeof WatchEventData>;

/** When a window counts as an incident (electron/engine/watch/detector.ts has the defaults). */
export const WatchThresholds = z.object({
  /** Errors in the window must reach this many times the baseline's errors per window… */
  spikeFactor: z.number().min(1, 'at least 1 (times the baseline)').max(1_000),
  /** …and at least this many errors. */
  minErrors: z.number().int().min(1, 'at least 1 error').max(1_000_000),
  /** Error rate must rise by this much (0.1 = 10 percentage points)… */
  rateJump: z
    .number()
    .min(0, 'between 0 and 1 (0.1 = 10 points)')
    .max(1, 'between 0 and 1 (0.1 = 10 points)'),
  /** …with at least this many requests in the window. */
  minRequests: z.number().int().min(1, 'at least 1 request').max(10_000_000),
  /** Clean polls in a row before an incident is called recovered. */
  recoverAfter: z.number().int().min(1, 'at least 1 poll').max(100, 'at most 100 polls'),
});
export type WatchThresholds = z.infer<typeof WatchThresholds>;

/** The detector's defaults: a handful of errors, or a rate rise on a trickle of requests, never pages anyone. */
export const DEFAULT_THRESHOLDS: WatchThresholds = {
  spikeFactor: 3,
  minErrors: 10,
  rateJump: 0.1,
  minRequests: 20,
  recoverAfter: 2,
};

/** An http(s) URL, as the CLI's `--webhook` accepts it. */
export const WebhookUrl = z
  .string()
  .max(2_000, 'at most 2000 characters')
  .refine((text) => {
    try {
      return ['http:', 'https:'].includes(new URL(text).protocol);
    } catch {
      return false;
    }
  }, 'expected an http:// or https:// URL');

/** How one watch runs: what `watch.set` takes and the watch file keeps. */
export const WatchSettings = z.object({
  everySeconds: z
    .number()
    .int()
    .min(10, 'at least 10 seconds')
    .max(3_600, 'at most 3600 seconds')
    .default(60),
  /** Local HH:MM-HH:MM during which notifications wait, e.g. 22:00-07:00. */
  quietHours: z.string().max(20).nullable().default(null),
  timeZone: z.string().max(100).optional(),
  /** Overrides of the detector's defaults. */
  thresholds: WatchThresholds.partial().default({}),
  /** What is watched, as `logdesk watch --model …` takes it; the time range is the watch's own windows. */
  filters: Filters.optional(),
  /**
   * Slack-compatible webhook (`--webhook`): a new URL, null to remove it, absent to keep the one set.
   * It holds the hook's secret, so it goes to the secret store, never to the watch file or an answer.
   */
  webhook: WebhookUrl.nullable().optional(),
});
export type WatchSettings = z.infer<typeof WatchSettings>;

export const WatchStatus = z.object({
  source: Source,
  everySeconds: z.number(),
  quietHours: z.string().nullable(),
  /** The thresholds in force (defaults filled in). */
  thresholds: WatchThresholds,
  /** The filters watched (every error when absent). */
  filters: Filters.optional(),
  /** The webhook's host (the URL itself holds its secret), or null for none. */
  webhookHost: z.string().nullable(),
  /** Kept in the watch file and started again with the app; false for a URL that holds a password. */
  remembered: z.boolean(),
  inIncident: z.boolean(),
  /** The last poll's problem (database down…), or null. */
  lastError: z.string().nullable(),
});
export type WatchStatus = z.infer<typeof WatchStatus>;

/** Watches that run inside the engine (the desktop app's per-connection switch; the CLI has `logdesk watch`). */
export const watchArea = defineArea({
  'watch.list': {
    request: z.object({}).default({}),
    response: z.object({ watches: z.array(WatchStatus) }),
  },
  'watch.set': {
    request: WatchSettings.extend({ source: Source, enabled: z.boolean() }),
    response: z.object({ watches: z.array(WatchStatus) }),
  },
});

export const watchEvents = defineEvents({
  /** An incident started or ended on a watched source. */
  'watch.event': z.object({ source: Source, event: WatchEventData }),
  /** Sent by the desktop shell when a notification is clicked: show this view. */
  'watch.open': z.object({ source: Source, view: Filters }),
});
